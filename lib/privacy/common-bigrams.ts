/**
 * Letter pairs common in English words: the 357 pairs that make up 99.5 % of the pairs inside the
 * 548,000 lower-case words (3+ letters) of the Markdown documentation under node_modules/ on
 * 2026-12-07 (package READMEs and changelogs). Random letters hit a pair outside this set about half
 * the time; words almost never (brand names now and then: `nginx`).
 */
const PAIRS =
  'abacadafagaiajakalamanaparasatauavawaxayazbabcbdbebibjblbmbnbobrbsbubycacccdcecfchcickclcmcocrcsctcucydadbdddedfdgdidkdldmdodpdrdsdtdudwdyeaebecedeeefegeheiejekelemeneoepeqereseteuevewexeyfafefffiflfnfofrftfufygageggghgiglgngogrgsguhahehihohrhshthuhyiaibicidieifigikiliminioipirisitivixizjajejhjojpjskakekikmknkokskulalbldlelfliljlllolplrlsltlulvlwlymambmemgmimjmlmmmnmompmsmumvmynanbncndnenfngninknlnmnnnonpnsntnunvnyoaobocodoeofogoiojokolomonoooporosotouovowoypapcpdpephpiplpmpnpoppprpsptpupyqurarbrcrdrerfrgrirkrlrmrnrorprrrsrtrurvrysascsdsesfshsiskslsmsnsospsqsrssstsusvswsytatbtctetfthtitltmtotptrtstttutwtyuaubucudueufuguiulumunupurusutvavevgvivovpwawewhwiwnwowrwswwxaxcxexixpxtyayeyiylymynyoypysytywzazezozz';

export const COMMON_BIGRAMS: ReadonlySet<string> = new Set(PAIRS.match(/../g)!);

/** Pairs of neighbouring letters of `word` (lower case) that are not common in English words. */
export function uncommonPairs(word: string): number {
  let n = 0;
  for (let i = 0; i + 1 < word.length; i++) if (!COMMON_BIGRAMS.has(word.slice(i, i + 2))) n++;
  return n;
}
