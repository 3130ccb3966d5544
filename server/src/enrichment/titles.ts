/**
 * Seniority and department from a job title, by an ordered rule table: the first rule whose pattern
 * matches wins. Patterns match whole words, case-insensitively. The tables are the documentation;
 * `titles.test.ts` holds one example per rule.
 */

export type Seniority = 'C-level' | 'VP' | 'Director' | 'Manager' | 'Senior' | 'Mid-level' | 'Entry';

const SENIORITY_RULES: ReadonlyArray<readonly [RegExp, Seniority]> = [
  [/\b(chief|ceo|cfo|cto|coo|cmo|cio|ciso|cpo|cro|founder|co-founder|cofounder|owner|(?<!vice[- ])president|managing director|general manager|managing partner|founding partner|senior partner)\b/i, 'C-level'],
  [/\b(vp|svp|evp|avp|vice[- ]president|head of)\b/i, 'VP'],
  [/\b(director|directeur|directora?)\b/i, 'Director'],
  [/\b(manager|lead|leader|supervisor|team lead|principal|superintendent)\b/i, 'Manager'],
  [/\b(senior|sr\.?|staff|expert|specialist ii|iii)\b/i, 'Senior'],
  [/\b(junior|jr\.?|intern|internship|trainee|apprentice|graduate|entry|assistant|associate|analyst i)\b/i, 'Entry'],
  [/\b(engineer|developer|analyst|designer|consultant|specialist|accountant|representative|executive|officer|coordinator|scientist|nurse|counsel|administrator|architect|recruiter|writer|editor|technician|agent)\b/i, 'Mid-level'],
];

export type Department =
  | 'Executive'
  | 'Engineering'
  | 'Product'
  | 'Design'
  | 'Data'
  | 'Sales'
  | 'Marketing'
  | 'Customer Success'
  | 'Support'
  | 'Finance'
  | 'HR'
  | 'Legal'
  | 'Operations'
  | 'IT'
  | 'Security'
  | 'Medical'
  | 'Education'
  | 'Research';

const DEPARTMENT_RULES: ReadonlyArray<readonly [RegExp, Department]> = [
  [/\b(security|ciso|infosec)\b/i, 'Security'],
  [/\b(legal|counsel|attorney|lawyer|paralegal|compliance|juriste)\b/i, 'Legal'],
  [/\b(finance|financial|cfo|accountant|accounting|controller|treasury|tax|audit|auditor|payroll|fp&a)\b/i, 'Finance'],
  [/\b(hr|human resources|people|talent|recruiter|recruiting|recruitment|chro)\b/i, 'HR'],
  [/\b(marketing|cmo|brand|growth|seo|content|communications|pr|social media|demand generation)\b/i, 'Marketing'],
  [/\b(customer success|customer experience|account manager)\b/i, 'Customer Success'],
  [/\b(sales|cro|business development|bdr|sdr|account executive|revenue)\b/i, 'Sales'],
  [/\b(support|helpdesk|help desk|service desk|customer service)\b/i, 'Support'],
  [/\b(product manager|product owner|product|cpo)\b/i, 'Product'],
  [/\b(designer|design|ux|ui|creative)\b/i, 'Design'],
  [/\b(data|analytics|machine learning|ml|ai|bi)\b/i, 'Data'],
  [/\b(engineer|engineering|developer|software|cto|devops|sre|architect|programmer|qa|frontend|backend|full[- ]stack)\b/i, 'Engineering'],
  [/\b(it|cio|systems administrator|sysadmin|network)\b/i, 'IT'],
  [/\b(nurse|physician|doctor|clinical|medical|pharmacist|surgeon|cardiology)\b/i, 'Medical'],
  [/\b(teacher|professor|lecturer|education|instructor)\b/i, 'Education'],
  [/\b(research|researcher|scientist|r&d)\b/i, 'Research'],
  [/\b(operations|ops|coo|logistics|supply chain|procurement|facilities|office manager)\b/i, 'Operations'],
  [/\b(ceo|founder|co-founder|cofounder|owner|(?<!vice[- ])president|managing director|general manager|chief)\b/i, 'Executive'],
];

function firstMatch<T>(rules: ReadonlyArray<readonly [RegExp, T]>, title: string): T | null {
  for (const [pattern, value] of rules) if (pattern.test(title)) return value;
  return null;
}

export function seniorityFromTitle(title: string): Seniority | null {
  return firstMatch(SENIORITY_RULES, title);
}

export function departmentFromTitle(title: string): Department | null {
  return firstMatch(DEPARTMENT_RULES, title);
}
