/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLOUR: Style = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

const PLAIN: Style = {
  red: (text) => text,
  yellow: (text) => text,
  green: (text) => text,
  dim: (text) => text,
  bold: (text) => text,
};

/** FORCE_COLOR (as most CLIs read it) turns colour on where stdout is a pipe. */
export function chooseStyle(env: NodeJS.ProcessEnv, isTty: boolean): Style {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return PLAIN;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return COLOUR;
  return isTty && env.TERM !== 'dumb' ? COLOUR : PLAIN;
}
