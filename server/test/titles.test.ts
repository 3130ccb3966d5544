import { departmentFromTitle, seniorityFromTitle } from '../src/enrichment/titles';

describe('seniorityFromTitle', () => {
  it.each([
    ['Chief Financial Officer', 'C-level'],
    ['CTO', 'C-level'],
    ['Founder & CEO', 'C-level'],
    ['Managing Director', 'C-level'],
    ['VP Marketing', 'VP'],
    ['Senior Vice President, Sales', 'VP'],
    ['Head of Product', 'VP'],
    ['Director of Sales DACH', 'Director'],
    ['Engineering Manager', 'Manager'],
    ['Team Lead, Platform', 'Manager'],
    ['Senior Software Engineer', 'Senior'],
    ['Staff Data Scientist', 'Senior'],
    ['Junior Accountant', 'Entry'],
    ['Marketing Intern', 'Entry'],
    ['Software Engineer', 'Mid-level'],
    ['Registered Nurse', 'Mid-level'],
    ['HR Business Partner', null],
    ['Wizard', null],
  ])('%s -> %s', (title, expected) => {
    expect(seniorityFromTitle(title)).toBe(expected);
  });
});

describe('departmentFromTitle', () => {
  it.each([
    ['CISO', 'Security'],
    ['Senior Legal Counsel', 'Legal'],
    ['Chief Financial Officer', 'Finance'],
    ['Talent Acquisition Lead', 'HR'],
    ['VP Marketing', 'Marketing'],
    ['Customer Success Manager', 'Customer Success'],
    ['Account Executive', 'Sales'],
    ['Support Specialist', 'Support'],
    ['Product Manager', 'Product'],
    ['UX Designer', 'Design'],
    ['Data Analyst', 'Data'],
    ['Software Engineer', 'Engineering'],
    ['IT Administrator', 'IT'],
    ['Nurse Manager, Cardiology', 'Medical'],
    ['Professor of History', 'Education'],
    ['Research Scientist', 'Research'],
    ['Logistics Coordinator', 'Operations'],
    ['Founder & CEO', 'Executive'],
    ['Wizard', null],
  ])('%s -> %s', (title, expected) => {
    expect(departmentFromTitle(title)).toBe(expected);
  });
});
