import { Command } from "commander";
import { routeCommand } from "./commands/route.js";

const program = new Command("medpipe")
  .description("Run the telehealth consult pipeline locally, and operate it in AWS")
  .showHelpAfterError();
program.addCommand(routeCommand);

await program.parseAsync(process.argv);
