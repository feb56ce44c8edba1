import { Command } from "commander";
import { entitiesCommand } from "./commands/entities.js";
import { localCommand } from "./commands/local.js";
import { routeCommand } from "./commands/route.js";

const program = new Command("medpipe")
  .description("Run the telehealth consult pipeline locally, and operate it in AWS")
  .showHelpAfterError();
program.addCommand(routeCommand);
program.addCommand(entitiesCommand);
program.addCommand(localCommand);

await program.parseAsync(process.argv);
