import { Command } from "commander";
import { entitiesCommand } from "./commands/entities.js";
import { routeCommand } from "./commands/route.js";

const program = new Command("medpipe")
  .description("Run the telehealth consult pipeline locally, and operate it in AWS")
  .showHelpAfterError();
program.addCommand(routeCommand);
program.addCommand(entitiesCommand);

await program.parseAsync(process.argv);
