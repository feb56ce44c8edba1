import { Command } from "commander";

const program = new Command("medpipe")
  .description("Run the telehealth consult pipeline locally, and operate it in AWS")
  .showHelpAfterError();

await program.parseAsync(process.argv);
