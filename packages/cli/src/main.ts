import { Command } from "commander";
import { consultCommand } from "./commands/consult.js";
import { dbCommand } from "./commands/db.js";
import { doctorCommand } from "./commands/doctor.js";
import { entitiesCommand } from "./commands/entities.js";
import { failuresCommand } from "./commands/failures.js";
import { holdCommand, releaseCommand } from "./commands/hold.js";
import { localCommand } from "./commands/local.js";
import { redriveCommand } from "./commands/redrive.js";
import { replayCommand } from "./commands/replay.js";
import { replayChatCommand } from "./commands/replay-chat.js";
import { routeCommand } from "./commands/route.js";
import { serveCommand } from "./commands/serve.js";
import { statusCommand } from "./commands/status.js";
import { tokenCommand } from "./commands/token.js";

const program = new Command("medpipe")
  .description("Run the telehealth consult pipeline locally, and operate it in AWS")
  .showHelpAfterError();
program.addCommand(routeCommand);
program.addCommand(entitiesCommand);
program.addCommand(localCommand);
program.addCommand(failuresCommand);
program.addCommand(replayCommand);
program.addCommand(replayChatCommand);
program.addCommand(redriveCommand);
program.addCommand(statusCommand);
program.addCommand(holdCommand);
program.addCommand(releaseCommand);
program.addCommand(dbCommand);
program.addCommand(serveCommand);
program.addCommand(tokenCommand);
program.addCommand(consultCommand);
program.addCommand(doctorCommand);

await program.parseAsync(process.argv);
