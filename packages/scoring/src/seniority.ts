import type { SeniorityLevel } from './profile.js';

/**
 * Title words that show a seniority level. Matched as whole words and phrases like every rule, so
 * "intern" never fires on "International". "Manager" is not a level: it is part of many IC titles.
 */
export const SENIORITY_WORDS: Record<SeniorityLevel, string[]> = {
  intern: ['intern', 'interns', 'internship', 'co op', 'working student', 'trainee', 'apprentice'],
  junior: ['junior', 'jr', 'entry level', 'graduate', 'new grad', 'associate'],
  mid: ['mid level', 'intermediate'],
  senior: ['senior', 'sr'],
  staff: ['staff'],
  lead: ['lead', 'team lead', 'tech lead'],
  principal: ['principal'],
  director: ['director', 'head of'],
  executive: ['vp', 'vice president', 'chief', 'cto', 'ceo', 'coo', 'cfo', 'cro'],
};
