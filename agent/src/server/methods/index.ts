/** The method table: one file per method (web-eid's one file per action). */
import type { Method } from '@kyso/shared';
import type { MethodHandler } from '../context';
import { batchBegin } from './batch-begin';
import { batchCancel } from './batch-cancel';
import { batchEnd } from './batch-end';
import { batchSign } from './batch-sign';
import { cancel } from './cancel';
import { certificatesList } from './certificates-list';
import { dataSign } from './data-sign';
import { hello } from './hello';
import { pdfPlan } from './pdf-plan';
import { pdfSign } from './pdf-sign';
import { pdfVerify } from './pdf-verify';
import { tokensList } from './tokens-list';

export const METHOD_HANDLERS: { [M in Method]: MethodHandler<M> } = {
  hello,
  'tokens.list': tokensList,
  'certificates.list': certificatesList,
  'pdf.sign': pdfSign,
  'pdf.verify': pdfVerify,
  'pdf.plan': pdfPlan,
  'data.sign': dataSign,
  'batch.begin': batchBegin,
  'batch.sign': batchSign,
  'batch.end': batchEnd,
  'batch.cancel': batchCancel,
  cancel,
};
