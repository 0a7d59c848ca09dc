/**
 * Splits a workflow `run:` script into simple commands and their words, as a POSIX shell
 * would for the parts that matter here: quotes, backslashes, line continuations, comments,
 * `;` `&&` `||` `|` separators, redirections, `$(...)` and `${{ ... }}` kept inside a word.
 * Not a shell: no expansion, no here-documents, no control flow.
 */

/** Largest script read; longer scripts are cut. @default 64 KiB */
const MAX_SCRIPT_LENGTH = 64 * 1024;
const SEPARATORS = new Set(['\n', ';', '&', '|', '(', ')']);

class WordReader {
  readonly commands: string[][] = [];
  private words: string[] = [];
  private word = '';
  private inWord = false;
  private dropNextWord = false;

  append(text: string): void {
    this.word += text;
    this.inWord = true;
  }

  endWord(): void {
    if (!this.inWord) return;
    if (this.dropNextWord) this.dropNextWord = false;
    else this.words.push(this.word);
    this.word = '';
    this.inWord = false;
  }

  endCommand(): void {
    this.endWord();
    this.dropNextWord = false;
    if (this.words.length > 0) this.commands.push(this.words);
    this.words = [];
  }

  /** A redirection: a file-descriptor number just read is not a word, and the target that follows is dropped. */
  redirect(): void {
    if (this.inWord && /^[0-9]+$/.test(this.word)) {
      this.word = '';
      this.inWord = false;
    }
    this.endWord();
    this.dropNextWord = true;
  }

  /** The redirection named its target inline (`2>&1`). */
  keepNextWord(): void {
    this.dropNextWord = false;
  }

  isInWord(): boolean {
    return this.inWord;
  }
}

/** Index just past the `)` that closes the `(` at `open`, or the end of the text. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Index just past the end of the double-quoted string opening at `open`, appending its text. */
function readDoubleQuoted(text: string, open: number, reader: WordReader): number {
  let i = open + 1;
  let value = '';
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) {
      const next = text[i + 1] ?? '';
      value += next === '\n' ? '' : next;
      i += 2;
    } else {
      value += text[i] ?? '';
      i++;
    }
  }
  reader.append(value);
  return i + 1;
}

/** Reads one special construct at `i`; returns the index after it, or -1 when `i` holds a plain character. */
function readSpecial(script: string, i: number, reader: WordReader): number {
  const c = script[i] ?? '';
  if (c === '\\') {
    const next = script[i + 1];
    if (next === '\n') return i + 2;
    if (next === '\r' && script[i + 2] === '\n') return i + 3;
    if (next !== undefined) reader.append(next);
    return i + 2;
  }
  if (c === "'") {
    const end = script.indexOf("'", i + 1);
    const stop = end < 0 ? script.length : end;
    reader.append(script.slice(i + 1, stop));
    return stop + 1;
  }
  if (c === '"') return readDoubleQuoted(script, i, reader);
  if (script.startsWith('${{', i)) {
    const end = script.indexOf('}}', i);
    const stop = end < 0 ? script.length : end + 2;
    reader.append(script.slice(i, stop));
    return stop;
  }
  if (script.startsWith('$(', i)) {
    const stop = closingParen(script, i + 1);
    reader.append(script.slice(i, stop));
    return stop;
  }
  if (c === '`') {
    const end = script.indexOf('`', i + 1);
    const stop = end < 0 ? script.length : end + 1;
    reader.append(script.slice(i, stop));
    return stop;
  }
  return -1;
}

/** The simple commands of a script, each as its words with quotes removed. */
export function splitShellCommands(script: string): string[][] {
  const text = script.length > MAX_SCRIPT_LENGTH ? script.slice(0, MAX_SCRIPT_LENGTH) : script;
  const reader = new WordReader();
  let i = 0;
  while (i < text.length) {
    const special = readSpecial(text, i, reader);
    if (special >= 0) {
      i = special;
      continue;
    }
    const c = text[i] ?? '';
    if (c === '#' && !reader.isInWord()) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '<' || c === '>') {
      reader.redirect();
      i++;
      while (i < text.length && /[<>&]/.test(text[i] ?? '')) i++;
      if (text[i - 1] === '&' && /[0-9-]/.test(text[i] ?? '')) {
        reader.keepNextWord();
        i++;
      }
    } else if (SEPARATORS.has(c)) {
      reader.endCommand();
      i++;
    } else if (/\s/.test(c)) {
      reader.endWord();
      i++;
    } else {
      reader.append(c);
      i++;
    }
  }
  reader.endCommand();
  return reader.commands;
}
