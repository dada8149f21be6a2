/** The audit trail: the events of one record, and a check of the whole hash chain. */
import { TrailForRecordInput, TrailForRecordOutput, TrailVerifyInput, TrailVerifyOutput } from '../domain/trail';
import { method } from './define';

export const trailApi = {
  forRecord: method(TrailForRecordInput, TrailForRecordOutput),
  verify: method(TrailVerifyInput, TrailVerifyOutput),
};
