/** The part of cli-progress 3.12 medpipe uses (the package ships no types, and @types/cli-progress is not installed). */
declare module "cli-progress" {
  export interface Options {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
  }

  export class SingleBar {
    constructor(options: Options, preset?: object);
    start(total: number, startValue: number): void;
    update(value: number): void;
    setTotal(total: number): void;
    stop(): void;
  }

  export const Presets: { shades_classic: object };

  const cliProgress: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default cliProgress;
}
