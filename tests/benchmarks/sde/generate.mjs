// node gen.mjs MODEL.mdl OUTDIR INPUTS_JSON OUTPUT...: C from SDEverywhere's compiler
import fs from 'fs'
import path from 'path'
import { parseAndGenerate } from '@sdeverywhere/compile'
const [mdl, out, inputs, ...outputs] = process.argv.slice(2)
const spec = { inputVarNames: JSON.parse(fs.readFileSync(inputs, 'utf8')), outputVarNames: outputs }
fs.mkdirSync(out, { recursive: true })
await parseAndGenerate(fs.readFileSync(mdl, 'utf8'), 'vensim', spec, ['generateC'], path.dirname(path.resolve(mdl)), 'model', out)
