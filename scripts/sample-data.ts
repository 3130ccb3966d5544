/**
 * Writes data/sample/companies.csv and data/sample/people.csv: a realistic, varied, fully
 * reproducible dataset (fixed seed) in the importer's canonical columns. Run: npm run sample-data.
 * The first company and person are the ones the README and the contract examples use.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIELD_NAMES } from '../server/src/enrichment/fields';
import { departmentFromTitle, seniorityFromTitle } from '../server/src/enrichment/titles';
import { mulberry32 } from './random';

const SEED = 20261129;
const COMPANIES = 300;
const PEOPLE = 2000;

const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

interface Country {
  name: string;
  tld: string;
  legal: string[];
  cities: Array<[city: string, state: string, zip: () => string]>;
  phone: () => string;
  first: string[];
  last: string[];
}

const COUNTRIES: Country[] = [
  { name: 'United States', tld: 'com', legal: ['Inc.', 'LLC', 'Corp.'], cities: [['San Francisco', 'CA', () => `941${digits(2)}`], ['New York', 'NY', () => `100${digits(2)}`], ['Austin', 'TX', () => `787${digits(2)}`], ['Chicago', 'IL', () => `606${digits(2)}`], ['Seattle', 'WA', () => `981${digits(2)}`], ['Boston', 'MA', () => `021${digits(2)}`], ['Denver', 'CO', () => `802${digits(2)}`]], phone: () => `+1-${pick(['415', '212', '512', '312', '206', '617', '303'])}-555-0${digits(3)}`, first: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Emily', 'Daniel', 'Sarah', 'Chris', 'Ashley', 'Kevin', 'Megan'], last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Lee', 'Clark'] },
  { name: 'United Kingdom', tld: 'co.uk', legal: ['Ltd', 'PLC', 'Limited'], cities: [['London', 'England', () => `EC${1 + Math.floor(random() * 4)}A ${digits(1)}AB`], ['Manchester', 'England', () => `M${digits(1)} ${digits(1)}AB`], ['Edinburgh', 'Scotland', () => `EH${digits(1)} ${digits(1)}AB`], ['Bristol', 'England', () => `BS${digits(1)} ${digits(1)}AB`]], phone: () => `+44 20 7946 0${digits(3)}`, first: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Jack', 'Emily', 'Charlie', 'Sophie', 'Thomas', 'Grace'], last: ['Bennett', 'Clarke', 'Hughes', 'Wright', 'Walker', 'Hall', 'Green', 'Wood', 'Turner', 'Cooper', 'Evans', 'Patel'] },
  { name: 'Germany', tld: 'de', legal: ['GmbH', 'AG', 'GmbH & Co. KG'], cities: [['Berlin', 'Berlin', () => `10${digits(3)}`], ['Munich', 'Bavaria', () => `80${digits(3)}`], ['Stuttgart', 'Baden-Württemberg', () => `70${digits(3)}`], ['Hamburg', 'Hamburg', () => `20${digits(3)}`], ['Cologne', 'North Rhine-Westphalia', () => `50${digits(3)}`]], phone: () => `+49 ${pick(['30', '89', '711', '40', '221'])} 555 ${digits(4)}`, first: ['Lena', 'Lukas', 'Anna', 'Felix', 'Laura', 'Jonas', 'Julia', 'Leon', 'Marie', 'Paul', 'Sophie', 'Maximilian'], last: ['Schneider', 'Müller', 'Schmidt', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Richter'] },
  { name: 'France', tld: 'fr', legal: ['SA', 'SAS', 'SARL'], cities: [['Paris', 'Île-de-France', () => `750${digits(2)}`], ['Lyon', 'Auvergne-Rhône-Alpes', () => `6900${digits(1)}`], ['Toulouse', 'Occitanie', () => `310${digits(2)}`], ['Nantes', 'Pays de la Loire', () => `440${digits(2)}`]], phone: () => `+33 1 55 ${digits(2)} ${digits(2)} ${digits(2)}`, first: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Manon', 'Jules', 'Léa', 'Arthur', 'Inès', 'Gabriel'], last: ['Laurent', 'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy'] },
  { name: 'Canada', tld: 'ca', legal: ['Inc.', 'Ltd.', 'Corp.'], cities: [['Toronto', 'ON', () => `M5${pick(['G', 'V', 'H'])} ${digits(1)}C${digits(1)}`], ['Vancouver', 'BC', () => `V6${pick(['B', 'C', 'E'])} ${digits(1)}A${digits(1)}`], ['Montreal', 'QC', () => `H3${pick(['A', 'B', 'C'])} ${digits(1)}E${digits(1)}`]], phone: () => `+1-${pick(['416', '604', '514'])}-555-0${digits(3)}`, first: ['Liam', 'Olivia', 'Noah', 'Emma', 'Ethan', 'Charlotte', 'Priya', 'Lucas', 'Chloe', 'Benjamin'], last: ['Tremblay', 'Roy', 'Gagnon', 'MacDonald', 'Campbell', 'Raman', 'Wong', 'Singh', 'Lavoie', 'Stewart'] },
  { name: 'Brazil', tld: 'com.br', legal: ['Ltda.', 'S.A.'], cities: [['São Paulo', 'SP', () => `01${digits(3)}-${digits(3)}`], ['Rio de Janeiro', 'RJ', () => `20${digits(3)}-${digits(3)}`], ['Belo Horizonte', 'MG', () => `30${digits(3)}-${digits(3)}`]], phone: () => `+55 11 9${digits(4)}-${digits(4)}`, first: ['Lucas', 'Ana', 'Gabriel', 'Beatriz', 'Rafael', 'Juliana', 'Pedro', 'Mariana', 'Mateus', 'Larissa'], last: ['Almeida', 'Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Costa', 'Ferreira', 'Rodrigues'] },
  { name: 'Australia', tld: 'com.au', legal: ['Pty Ltd', 'Ltd'], cities: [['Sydney', 'NSW', () => `20${digits(2)}`], ['Melbourne', 'VIC', () => `30${digits(2)}`], ['Brisbane', 'QLD', () => `40${digits(2)}`]], phone: () => `+61 ${pick(['2', '3', '7'])} 5550 ${digits(4)}`, first: ['Chloe', 'Jack', 'Mia', 'William', 'Zoe', 'Lachlan', 'Ruby', 'Cooper', 'Ella', 'Harrison'], last: ['Nguyen', 'Smith', 'Kelly', 'Ryan', 'Mitchell', 'Campbell', 'Murphy', 'Watson', 'Young', 'King'] },
  { name: 'India', tld: 'in', legal: ['Pvt. Ltd.', 'Ltd.'], cities: [['Bengaluru', 'Karnataka', () => `5600${digits(2)}`], ['Mumbai', 'Maharashtra', () => `4000${digits(2)}`], ['Hyderabad', 'Telangana', () => `5000${digits(2)}`], ['Pune', 'Maharashtra', () => `4110${digits(2)}`]], phone: () => `+91 ${pick(['80', '22', '40', '20'])} 5555 ${digits(4)}`, first: ['Arjun', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Kavya', 'Aditya', 'Sneha', 'Rahul', 'Isha'], last: ['Mehta', 'Sharma', 'Iyer', 'Reddy', 'Gupta', 'Nair', 'Patel', 'Rao', 'Kumar', 'Desai'] },
  { name: 'Japan', tld: 'co.jp', legal: ['K.K.', 'Co., Ltd.'], cities: [['Tokyo', 'Tokyo', () => `1${digits(2)}-${digits(4)}`], ['Osaka', 'Osaka', () => `5${digits(2)}-${digits(4)}`], ['Nagoya', 'Aichi', () => `4${digits(2)}-${digits(4)}`]], phone: () => `+81 ${pick(['3', '6', '52'])} 5555 ${digits(4)}`, first: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Yuto', 'Sakura', 'Kenji', 'Mei'], last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Nakamura', 'Kobayashi', 'Kaneda', 'Yamamoto'] },
  { name: 'Spain', tld: 'es', legal: ['S.L.', 'S.A.'], cities: [['Madrid', 'Madrid', () => `280${digits(2)}`], ['Barcelona', 'Catalonia', () => `080${digits(2)}`], ['Valencia', 'Valencia', () => `460${digits(2)}`]], phone: () => `+34 91 555 ${digits(2)} ${digits(2)}`, first: ['Lucía', 'Hugo', 'María', 'Martín', 'Paula', 'Daniel', 'Sofía', 'Pablo', 'Carmen', 'Álvaro'], last: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz'] },
  { name: 'Netherlands', tld: 'nl', legal: ['B.V.', 'N.V.'], cities: [['Amsterdam', 'North Holland', () => `10${digits(2)} AB`], ['Rotterdam', 'South Holland', () => `30${digits(2)} CD`], ['Utrecht', 'Utrecht', () => `35${digits(2)} EF`]], phone: () => `+31 20 555 ${digits(4)}`, first: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Tess', 'Finn', 'Sara', 'Milan', 'Anna'], last: ['de Jong', 'Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos'] },
  { name: 'Singapore', tld: 'com.sg', legal: ['Pte. Ltd.'], cities: [['Singapore', 'Singapore', () => `0${digits(5)}`]], phone: () => `+65 6555 ${digits(4)}`, first: ['Wei', 'Hui Min', 'Jun Jie', 'Xin Yi', 'Marcus', 'Rachel', 'Darren', 'Joanne'], last: ['Tan', 'Lim', 'Lee', 'Ng', 'Ong', 'Wong', 'Goh', 'Chua'] },
];

interface Industry {
  name: string;
  words: string[];
  tech: string[];
  titles: string[];
}

const INDUSTRIES: Industry[] = [
  { name: 'Computer Software', words: ['Cloud', 'Data', 'Logic', 'Stack', 'Byte', 'Flow', 'Sync', 'Pixel'], tech: ['React', 'TypeScript', 'Node.js', 'PostgreSQL', 'AWS', 'Kubernetes', 'Go', 'Datadog', 'GitHub'], titles: ['Software Engineer', 'Senior Software Engineer', 'Engineering Manager', 'VP Engineering', 'Product Manager', 'UX Designer', 'Data Scientist', 'Account Executive', 'Customer Success Manager', 'Chief Technology Officer'] },
  { name: 'Financial Services', words: ['Capital', 'Ledger', 'Harbor', 'Summit', 'Crest', 'Anchor', 'Payments'], tech: ['Salesforce', 'Snowflake', 'Java', 'Kubernetes', 'Oracle', 'Tableau'], titles: ['Chief Financial Officer', 'Financial Analyst', 'Risk Manager', 'Compliance Officer', 'Senior Accountant', 'Head of Treasury', 'Relationship Manager', 'Software Engineer'] },
  { name: 'Hospital & Health Care', words: ['Health', 'Care', 'Medical', 'Clinic', 'Wellness', 'Vital'], tech: ['Epic', 'Microsoft 365', 'ServiceNow', 'Salesforce Health Cloud'], titles: ['Nurse Manager', 'Registered Nurse', 'Clinical Director', 'Physician', 'Medical Director', 'Operations Manager', 'IT Administrator'] },
  { name: 'Industrial Machinery', words: ['Motion', 'Werk', 'Drive', 'Forge', 'Precision', 'Machines', 'Antriebe'], tech: ['SAP', 'Microsoft 365', 'Siemens NX', 'Salesforce'], titles: ['Director of Sales', 'Mechanical Engineer', 'Plant Manager', 'Procurement Specialist', 'Quality Engineer', 'Managing Director', 'Field Service Technician'] },
  { name: 'Retail', words: ['Market', 'Store', 'Goods', 'Trend', 'Basket', 'Boutique'], tech: ['Shopify', 'Google Analytics', 'Klaviyo', 'Stripe', 'Magento'], titles: ['Store Manager', 'E-commerce Manager', 'Merchandising Director', 'Marketing Coordinator', 'Founder & CEO', 'Customer Service Representative'] },
  { name: 'Media & Entertainment', words: ['Media', 'Studio', 'Pictures', 'Sound', 'Stories', 'Broadcast'], tech: ['HubSpot', 'WordPress', 'Google Ads', 'Segment', 'Adobe Creative Cloud'], titles: ['VP Marketing', 'Content Editor', 'Producer', 'Creative Director', 'Social Media Manager', 'Video Editor'] },
  { name: 'Logistics & Supply Chain', words: ['Freight', 'Cargo', 'Route', 'Swift', 'Transit', 'Logistics'], tech: ['Oracle', 'Python', 'Tableau', 'Google Workspace', 'SAP'], titles: ['Operations Analyst', 'Logistics Coordinator', 'Supply Chain Manager', 'Fleet Manager', 'Head of Operations', 'Warehouse Supervisor'] },
  { name: 'Utilities', words: ['Energy', 'Power', 'Grid', 'Volt', 'Hydro', 'Énergies'], tech: ['SAP', 'Microsoft Azure', 'DocuSign', 'ArcGIS'], titles: ['Senior Legal Counsel', 'Grid Engineer', 'Director of Operations', 'Environmental Specialist', 'Chief Operating Officer', 'HR Business Partner'] },
  { name: 'Robotics', words: ['Robotics', 'Automata', 'Servo', 'Mecha', 'Kinetic'], tech: ['C++', 'ROS', 'Azure DevOps', 'Python', 'MATLAB'], titles: ['Robotics Engineer', 'Research Scientist', 'Head of Product', 'Embedded Developer', 'Director of Research'] },
  { name: 'Higher Education', words: ['Academy', 'Institute', 'Learning', 'College', 'Scholars'], tech: ['Canvas', 'Google Workspace', 'Zoom', 'Slack'], titles: ['Professor', 'Lecturer', 'Admissions Coordinator', 'Director of Admissions', 'Research Assistant'] },
  { name: 'Marketing & Advertising', words: ['Brand', 'Spark', 'Signal', 'Echo', 'Bold', 'Agency'], tech: ['HubSpot', 'Google Ads', 'Meta Ads', 'Semrush', 'Figma'], titles: ['Marketing Manager', 'SEO Specialist', 'Account Director', 'Copywriter', 'Head of Growth', 'Graphic Designer'] },
  { name: 'Legal Services', words: ['Law', 'Legal', 'Counsel', 'Partners', 'Chambers'], tech: ['Clio', 'Microsoft 365', 'DocuSign', 'iManage'], titles: ['Associate Attorney', 'Senior Partner', 'Paralegal', 'Legal Counsel', 'Office Manager'] },
];

const SIZES: Array<[size: string, revenue: string[], weight: number]> = [
  ['1-10', ['$0-$1M'], 1], ['11-50', ['$1M-$10M'], 3], ['51-200', ['$10M-$50M', '$1M-$10M'], 4], ['201-500', ['$10M-$50M', '$50M-$100M'], 4],
  ['501-1000', ['$50M-$100M', '$100M-$500M'], 3], ['1001-5000', ['$100M-$500M', '$500M-$1B'], 2], ['5001-10000', ['$500M-$1B', '$1B-$10B'], 1], ['10001+', ['$1B-$10B', '$10B+'], 1],
];
const weightedSize = () => {
  const total = SIZES.reduce((sum, [, , w]) => sum + w, 0);
  let roll = random() * total;
  for (const entry of SIZES) if ((roll -= entry[2]) < 0) return entry;
  return SIZES[0]!;
};
const SECOND = ['Systems', 'Labs', 'Works', 'Group', 'Partners', 'Solutions', 'Technologies', 'Networks', 'Industries', 'Holdings'];
const PREFIX = ['North', 'Blue', 'Bright', 'Silver', 'Green', 'Iron', 'Nova', 'Vertex', 'Lake', 'Red', 'Alpine', 'Orbit', 'Cedar', 'Atlas', 'Pioneer', 'Harbour', 'Sterling', 'Crescent'];
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'gmx.de', 'web.de', 'yahoo.co.jp', 'uol.com.br'];

const slug = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const ascii = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');

type Row = Record<string, string>;
const companies: Array<Row & { _country: string; _industry: string }> = [];
const usedDomains = new Set<string>();

function addCompany(row: Row, country: Country, industry: Industry) {
  usedDomains.add(row['domain']!);
  companies.push({ ...row, _country: country.name, _industry: industry.name });
}

// The company the README, the contract's first persona and the contract tests use.
const us = COUNTRIES[0]!;
addCompany({ domain: 'acme.io', company_name: 'Acme Analytics', industry: 'Computer Software', company_size: '201-500', company_revenue: '$50M-$100M', technologies: 'React, TypeScript, Node.js, PostgreSQL, AWS', city: 'San Francisco', state: 'CA', country: 'United States', zip_code: '94105', location: 'San Francisco, CA, United States', phone: '+1-415-555-0100', linkedin_url: 'https://www.linkedin.com/company/acme-analytics' }, us, INDUSTRIES[0]!);

while (companies.length < COMPANIES) {
  const country = pick(COUNTRIES);
  const industry = pick(INDUSTRIES);
  const base = random() < 0.5 ? `${pick(PREFIX)} ${pick(industry.words)}` : `${pick(PREFIX)}${pick(industry.words).toLowerCase()} ${pick(SECOND)}`;
  const domain = `${slug(base).replace(/-/g, random() < 0.5 ? '' : '-')}.${country.tld}`;
  if (usedDomains.has(domain)) continue;
  const [city, state, zip] = pick(country.cities);
  const [size, revenues] = weightedSize();
  const tech = [...industry.tech].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 3));
  addCompany({
    domain,
    company_name: `${base} ${pick(country.legal)}`,
    industry: industry.name,
    company_size: size,
    company_revenue: pick(revenues),
    technologies: tech.join(', '),
    city,
    state,
    country: country.name,
    zip_code: zip(),
    location: `${city}, ${state}, ${country.name}`,
    phone: country.phone(),
    linkedin_url: `https://www.linkedin.com/company/${slug(base)}`,
  }, country, industry);
}

const people: Row[] = [];
const usedEmails = new Set<string>();
function addPerson(company: (typeof companies)[number], first: string, last: string, title: string, personal: boolean) {
  const domain = company['domain']!;
  const email = `${ascii(first)}.${ascii(last)}@${domain}`;
  if (usedEmails.has(email)) return;
  usedEmails.add(email);
  const country = COUNTRIES.find((c) => c.name === company._country)!;
  const [city, state, zip] = random() < 0.8 ? [company['city']!, company['state']!, () => company['zip_code']!] : pick(country.cities);
  people.push({
    email,
    first_name: first,
    last_name: last,
    company_name: company['company_name']!,
    title,
    seniority: seniorityFromTitle(title) ?? '',
    department: departmentFromTitle(title) ?? '',
    linkedin_url: `https://www.linkedin.com/in/${slug(`${first}-${last}`)}-${digits(4)}`,
    phone: country.phone(),
    personal_email: personal ? `${ascii(first)}.${ascii(last)}${digits(2)}@${pick(FREE_MAIL)}` : '',
    business_email: email,
    city,
    state,
    country: country.name,
    zip_code: zip(),
    location: `${city}, ${state}, ${country.name}`,
  });
}

// Jane Doe at Acme: every person field but a personal email, like the first persona of the contract.
addPerson(companies[0]!, 'Jane', 'Doe', 'Software Engineer', false);
people[0]!['phone'] = '+1-415-555-0134';
people[0]!['linkedin_url'] = 'https://www.linkedin.com/in/jane-doe-acme';

while (people.length < PEOPLE) {
  const company = pick(companies);
  const country = COUNTRIES.find((c) => c.name === company._country)!;
  const industry = INDUSTRIES.find((i) => i.name === company._industry)!;
  addPerson(company, pick(country.first), pick(country.last), pick(industry.titles), random() < 0.3);
}

function toCsv(rows: Row[], columns: readonly string[]): string {
  const cell = (value: string | undefined) => {
    const text = value ?? '';
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\n') + '\n';
}

const out = path.resolve(__dirname, '../data/sample');
const companyColumns = ['domain', ...FIELD_NAMES.filter((f) => !['first_name', 'last_name', 'title', 'seniority', 'department', 'personal_email', 'business_email'].includes(f))];
const personColumns = ['email', ...FIELD_NAMES.filter((f) => !['industry', 'company_size', 'company_revenue', 'technologies'].includes(f))];
writeFileSync(path.join(out, 'companies.csv'), toCsv(companies, companyColumns));
writeFileSync(path.join(out, 'people.csv'), toCsv(people, personColumns));
console.log(`wrote ${companies.length} companies and ${people.length} people to ${path.relative(process.cwd(), out)}`);
