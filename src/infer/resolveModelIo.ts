import type { ModelCard, OutputKind } from "./modelCard.js";

/** Which of a model's inputs and outputs segmentation uses, decided once from its card and the names an ONNX session reports. */
export interface ModelIo {
  /** The input fed the image [1, 1, D, H, W]. */
  input: string;
  /** The segmentation output [1, 1, D, H, W]. */
  output: string;
  outputKind: OutputKind;
  /** The reconstruction output, or null. */
  reconstruction: string | null;
  /** The card's adaptation inputs the model really has (inputs other than the image), with their identity values. */
  adaptationInputs: Record<string, number>;
}

const RECONSTRUCTION = /rec(on)?/i;
const SEGMENTATION = /seg|prob|logit|vessel|mask/i;

/**
 * The names segmentation uses. Without a card entry: the image is the first input; the segmentation output is the
 * only output, else the first whose name looks like one (seg, prob, logit, vessel, mask) and not like a reconstruction,
 * else the first; its kind is "logit" when its name contains "logit", else "probability". A name the card gives that
 * the model lacks throws an Error listing the model's names, and so does an input besides the image that the card's
 * adaptationInputs do not describe (segmentation could not feed it).
 */
export function resolveModelIo(card: ModelCard, names: { inputNames: readonly string[]; outputNames: readonly string[] }): ModelIo {
  const { inputNames, outputNames } = names;
  if (inputNames.length === 0 || outputNames.length === 0)
    throw new Error(`the model has ${inputNames.length} inputs and ${outputNames.length} outputs; segmentation needs an image input and a segmentation output`);
  const has = (list: readonly string[], name: string, what: string) => {
    if (!list.includes(name))
      throw new Error(`the model card names ${what} "${name}", but the model's ${what}s are ${list.map((n) => `"${n}"`).join(", ")}: fix the card`);
    return name;
  };
  const input = card.input === null ? inputNames[0] : has(inputNames, card.input, "input");
  let output: string;
  if (card.output.name !== null) output = has(outputNames, card.output.name, "output");
  else if (outputNames.length === 1) output = outputNames[0];
  else output = outputNames.find((n) => SEGMENTATION.test(n) && !RECONSTRUCTION.test(n)) ?? outputNames[0];
  const outputKind = card.output.kind ?? (/logit/i.test(output) ? "logit" : "probability");
  const reconstruction =
    card.reconstruction !== null ? has(outputNames, card.reconstruction, "output") : (outputNames.find((n) => n !== output && RECONSTRUCTION.test(n)) ?? null);
  const adaptationInputs = Object.fromEntries(Object.entries(card.adaptationInputs).filter(([n]) => n !== input && inputNames.includes(n)));
  const unknown = inputNames.filter((n) => n !== input && !(n in adaptationInputs));
  if (unknown.length) {
    throw new Error(
      `the model has input${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")} besides the image "${input}"; list ${unknown.length > 1 ? "them" : "it"} in the model card's adaptationInputs with the value that leaves the network unchanged, e.g. {"${unknown[0]}": 1}`,
    );
  }
  return { input, output, outputKind, reconstruction, adaptationInputs };
}
