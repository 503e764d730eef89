// The shape of a message catalogue. English is the source: its namespaces are written `as const`,
// so every key and every `{placeholder}` is a type. Every other language is a Translation of it:
// a missing key, or a string where English has plural forms, fails the type check.

/** Plural forms, chosen by Intl.PluralRules for the `count` parameter. Chinese needs only `other`. */
export interface Plural {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Entry = string | Plural;
export type Namespace = Readonly<Record<string, Entry>>;

/** What a translation of namespace N provides: every key; plural forms where English has them. */
export type Translation<N extends Namespace> = { readonly [K in keyof N]: N[K] extends string ? string : Plural };

/** `'{n} of {total}'` gives `'n' | 'total'`. */
export type PlaceholdersOf<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | PlaceholdersOf<Rest> : never;

type TextsOf<E> = E extends string ? E : { [F in keyof E]: E[F] }[keyof E];

export type Params<E> = { [P in PlaceholdersOf<TextsOf<E>>]: string | number } & (E extends string ? unknown : { count: number });

/** The arguments after the key: none for a plain string, the parameters otherwise. */
export type ArgsOf<E> = E extends string ? ([PlaceholdersOf<E>] extends [never] ? [] : [params: Params<E>]) : [params: Params<E>];
