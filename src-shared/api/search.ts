/** The search namespace: one box across policies, controls, evidence and findings. */
import { SearchInput, SearchOutput } from '../domain/search';
import { method } from './define';

export const searchApi = {
  all: method(SearchInput, SearchOutput),
};
