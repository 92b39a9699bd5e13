/**
 * Reads what a model folder loader needs from an ONNX file (metadata_props and
 * the graph's input/output names, element types and shapes) without onnxruntime
 * and without loading the weights: a minimal protobuf walker over positioned
 * reads, which skips every length-delimited field it does not need by its length.
 * A 300 MB model costs a few hundred small reads, not 300 MB of memory.
 *
 * Field numbers from onnx/onnx.proto (stable since IR version 3):
 *   ModelProto: 1 ir_version, 2 producer_name, 7 graph, 14 metadata_props
 *   StringStringEntryProto: 1 key, 2 value
 *   GraphProto: 5 initializer, 11 input, 12 output
 *   TensorProto: 1 dims, 8 name
 *   ValueInfoProto: 1 name, 2 type; TypeProto: 1 tensor_type
 *   TypeProto.Tensor: 1 elem_type, 2 shape; TensorShapeProto: 1 dim
 *   Dimension: 1 dim_value, 2 dim_param
 */
import { open, type FileHandle } from 'node:fs/promises';
import { DiktatsError } from '../errors.ts';

/** ONNX TensorProto.DataType values the loaders check. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export interface OnnxTensorInfo {
  readonly name: string;
  /** TensorProto.DataType (1 float32, 7 int64, ...); 0 when not a tensor or not given */
  readonly elemType: number;
  /** per dimension a size, a symbolic name or null; null when the rank is not given */
  readonly dims: readonly (number | string | null)[] | null;
}

export interface OnnxModelInfo {
  readonly irVersion: number;
  readonly producer: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** graph inputs that are not initializers (IR < 4 lists weights as inputs too) */
  readonly inputs: readonly OnnxTensorInfo[];
  readonly outputs: readonly OnnxTensorInfo[];
  /** number of weights: the element counts of the graph's initializers (external data included) */
  readonly parameterCount: number;
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;
const WINDOW_BYTES = 64 * 1024;

class NotOnnx extends Error {}

/** Parses `path` as an ONNX ModelProto. Throws ASR_ERR_MODEL_INVALID when it is not one. */
export async function readOnnxModelInfo(path: string): Promise<OnnxModelInfo> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    return await readModel(new PositionedReader(fh, size), size);
  } catch (e) {
    if (e instanceof NotOnnx) {
      throw new DiktatsError('ASR_ERR_MODEL_INVALID', `${path} is not a readable ONNX model (${e.message}); re-export or re-download it`);
    }
    throw e;
  } finally {
    await fh.close();
  }
}

/** Reads through a small window so that consecutive small fields cost one read. */
class PositionedReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}

  async bytes(pos: number, length: number): Promise<Buffer> {
    if (pos < 0 || length < 0 || pos + length > this.size) throw new NotOnnx(`field runs past the end of the file at byte ${pos}`);
    const offset = pos - this.windowStart;
    if (offset >= 0 && offset + length <= this.window.length) return this.window.subarray(offset, offset + length);
    const n = Math.min(Math.max(length, WINDOW_BYTES), this.size - pos);
    const buf = Buffer.allocUnsafe(n);
    for (let got = 0; got < n; ) {
      const { bytesRead } = await this.fh.read(buf, got, n - got, pos + got);
      if (bytesRead === 0) throw new NotOnnx('file shrank while reading');
      got += bytesRead;
    }
    this.window = buf;
    this.windowStart = pos;
    return buf.subarray(0, length);
  }
}

interface Field {
  readonly number: number;
  readonly wire: number;
  /** the value of a varint field; the payload length of a length-delimited one */
  readonly value: number;
  /** where the payload starts */
  readonly start: number;
}

async function varint(r: PositionedReader, pos: number, end: number): Promise<[value: number, next: number]> {
  const b = await r.bytes(pos, Math.min(10, end - pos));
  let value = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    const byte = b[i]!;
    // Multiplication, not shifts: lengths and int64 values exceed 32 bits.
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos + i + 1];
    scale *= 128;
  }
  throw new NotOnnx(`unterminated varint at byte ${pos}`);
}

async function* fields(r: PositionedReader, start: number, end: number): AsyncGenerator<Field> {
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = await varint(r, pos, end);
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (number === 0) throw new NotOnnx(`field number 0 at byte ${pos}`);
    if (wire === WIRE_VARINT) {
      const [value, next] = await varint(r, afterTag, end);
      yield { number, wire, value, start: afterTag };
      pos = next;
    } else if (wire === WIRE_LEN) {
      const [length, payload] = await varint(r, afterTag, end);
      if (payload + length > end) throw new NotOnnx(`field ${number} at byte ${pos} is longer than its message`);
      yield { number, wire, value: length, start: payload };
      pos = payload + length;
    } else if (wire === WIRE_I64 || wire === WIRE_I32) {
      pos = afterTag + (wire === WIRE_I64 ? 8 : 4);
    } else {
      throw new NotOnnx(`unsupported wire type ${wire} at byte ${pos}`);
    }
  }
  if (pos !== end) throw new NotOnnx(`message overruns its length at byte ${end}`);
}

async function text(r: PositionedReader, f: Field): Promise<string> {
  if (f.wire !== WIRE_LEN) throw new NotOnnx(`field ${f.number} should be a string`);
  return (await r.bytes(f.start, f.value)).toString('utf8');
}

async function readModel(r: PositionedReader, size: number): Promise<OnnxModelInfo> {
  let irVersion = 0;
  let producer = '';
  const metadata: Record<string, string> = {};
  let graph: Awaited<ReturnType<typeof readGraph>> | null = null;
  for await (const f of fields(r, 0, size)) {
    if (f.number === 1 && f.wire === WIRE_VARINT) irVersion = f.value;
    else if (f.number === 2 && f.wire === WIRE_LEN) producer = await text(r, f);
    else if (f.number === 7 && f.wire === WIRE_LEN) graph = await readGraph(r, f.start, f.start + f.value);
    else if (f.number === 14 && f.wire === WIRE_LEN) {
      let key = '';
      let value = '';
      for await (const e of fields(r, f.start, f.start + f.value)) {
        if (e.number === 1) key = await text(r, e);
        else if (e.number === 2) value = await text(r, e);
      }
      metadata[key] = value;
    }
  }
  if (irVersion === 0 || !graph) throw new NotOnnx(irVersion === 0 ? 'no ir_version' : 'no graph');
  return { irVersion, producer, metadata, inputs: graph.inputs, outputs: graph.outputs, parameterCount: graph.parameterCount };
}

async function readGraph(r: PositionedReader, start: number, end: number): Promise<{ inputs: OnnxTensorInfo[]; outputs: OnnxTensorInfo[]; parameterCount: number }> {
  const inputs: OnnxTensorInfo[] = [];
  const outputs: OnnxTensorInfo[] = [];
  const initializers = new Set<string>();
  let parameterCount = 0;
  for await (const f of fields(r, start, end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.number === 11) inputs.push(await readValueInfo(r, f.start, f.start + f.value));
    else if (f.number === 12) outputs.push(await readValueInfo(r, f.start, f.start + f.value));
    else if (f.number === 5) {
      // Name and dims only; raw_data and friends are skipped by length.
      let count = 1;
      for await (const t of fields(r, f.start, f.start + f.value)) {
        if (t.number === 8 && t.wire === WIRE_LEN) initializers.add(await text(r, t));
        else if (t.number === 1 && t.wire === WIRE_VARINT) count *= t.value;
        else if (t.number === 1 && t.wire === WIRE_LEN) {
          // packed repeated int64
          for (let pos = t.start; pos < t.start + t.value; ) {
            const [dim, next] = await varint(r, pos, t.start + t.value);
            count *= dim;
            pos = next;
          }
        }
      }
      parameterCount += count;
    }
  }
  return { inputs: inputs.filter((i) => !initializers.has(i.name)), outputs, parameterCount };
}

async function readValueInfo(r: PositionedReader, start: number, end: number): Promise<OnnxTensorInfo> {
  let name = '';
  let elemType = 0;
  let dims: (number | string | null)[] | null = null;
  for await (const f of fields(r, start, end)) {
    if (f.number === 1 && f.wire === WIRE_LEN) name = await text(r, f);
    else if (f.number === 2 && f.wire === WIRE_LEN) {
      for await (const t of fields(r, f.start, f.start + f.value)) {
        if (t.number !== 1 || t.wire !== WIRE_LEN) continue; // not a tensor type
        for await (const tt of fields(r, t.start, t.start + t.value)) {
          if (tt.number === 1 && tt.wire === WIRE_VARINT) elemType = tt.value;
          else if (tt.number === 2 && tt.wire === WIRE_LEN) dims = await readShape(r, tt.start, tt.start + tt.value);
        }
      }
    }
  }
  return { name, elemType, dims };
}

async function readShape(r: PositionedReader, start: number, end: number): Promise<(number | string | null)[]> {
  const dims: (number | string | null)[] = [];
  for await (const f of fields(r, start, end)) {
    if (f.number !== 1 || f.wire !== WIRE_LEN) continue;
    let dim: number | string | null = null;
    for await (const d of fields(r, f.start, f.start + f.value)) {
      if (d.number === 1 && d.wire === WIRE_VARINT) dim = d.value;
      else if (d.number === 2 && d.wire === WIRE_LEN) dim = await text(r, d);
    }
    dims.push(dim);
  }
  return dims;
}
