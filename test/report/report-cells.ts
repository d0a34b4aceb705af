import { expect } from 'vitest';

/** The cells' text of each body row of the first report table `name` (tags dropped, entities kept). */
export function tableCells(page: string, name: string): string[][] {
  const table = new RegExp(`<table class="sortable" data-table="${name}">([\\s\\S]*?)</table>`).exec(page);
  expect(table, `table ${name}`).not.toBeNull();
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table![1]!)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td class="(?:text|num)"[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
      cell[1]!.replace(/<[^>]*>/g, ''),
    ),
  );
}
