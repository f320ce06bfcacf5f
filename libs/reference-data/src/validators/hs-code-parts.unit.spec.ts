import { hsCodeProblem } from './code-lists';

// A 10-digit commodity code refused names the part the lists do not know: the chapter (digits
// 1-2), the heading (3-4), the subheading (5-6) or, where the tariff in force lists national
// lines, the tariff line (7-8). Digits 9-10 are published in no table shipped here.
describe('which part of a commodity code is unknown', () => {
  it.each([
    ['an unknown chapter', '9900000000', 'hsCode must be 10 digits whose first 6 are an HS 2022 subheading (990000 is not: digits 1-2 are unknown, 99 is not an HS 2022 chapter)'],
    ['an unknown heading of a known chapter', '0299100000', 'hsCode must be 10 digits whose first 6 are an HS 2022 subheading (029910 is not: digits 3-4 are unknown, chapter 02 has no heading 0299)'],
    ['an unknown subheading of a known heading', '0201990000', 'hsCode must be 10 digits whose first 6 are an HS 2022 subheading (020199 is not)'],
  ])('%s', (_name, code, message) => {
    expect(hsCodeProblem('hsCode', code)).toBe(message);
  });

  it('accepts a known subheading whose national lines the shipped tariff does not list, whatever digits 7-10 are', () => {
    expect(hsCodeProblem('hsCode', '8471309999')).toBeUndefined();
  });
});
