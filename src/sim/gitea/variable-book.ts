/** Actions variables of one Gitea repository or organisation: readable, unlike secrets. */

export interface StoredVariable {
  name: string;
  data: string;
  description: string;
}

export type VariableChange = 'done' | 'missing' | 'conflict';

export interface VariableUpdate {
  data: string;
  rename?: string;
  description?: string;
}

export class VariableBook {
  readonly #byName = new Map<string, StoredVariable>();

  list(): StoredVariable[] {
    return [...this.#byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  get(name: string): StoredVariable | undefined {
    return this.#byName.get(name.toUpperCase());
  }

  create(name: string, data: string, description = ''): VariableChange {
    const key = name.toUpperCase();
    if (this.#byName.has(key)) return 'conflict';
    this.#byName.set(key, { name: key, data, description });
    return 'done';
  }

  /** Updates the value, and renames when `rename` is a non-empty name. */
  update(name: string, change: VariableUpdate): VariableChange {
    const current = this.get(name);
    if (!current) return 'missing';
    const target = change.rename ? change.rename.toUpperCase() : current.name;
    if (target !== current.name && this.#byName.has(target)) return 'conflict';
    this.#byName.delete(current.name);
    this.#byName.set(target, {
      name: target,
      data: change.data,
      description: change.description ?? current.description,
    });
    return 'done';
  }

  delete(name: string): boolean {
    return this.#byName.delete(name.toUpperCase());
  }

  snapshot(): StoredVariable[] {
    return structuredClone(this.list());
  }
}
