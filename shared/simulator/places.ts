/** Reference data the population is drawn from: US cities with a zip prefix, names, streets. */

export interface City {
  readonly city: string;
  readonly state: string;
  /** First three digits of the city's zip codes. */
  readonly zipPrefix: string;
  /** Relative population weight. */
  readonly weight: number;
}

export const CITIES: readonly City[] = [
  { city: 'Los Angeles', state: 'CA', zipPrefix: '900', weight: 12 },
  { city: 'San Fernando', state: 'CA', zipPrefix: '913', weight: 2 },
  { city: 'San Diego', state: 'CA', zipPrefix: '921', weight: 5 },
  { city: 'San Jose', state: 'CA', zipPrefix: '951', weight: 4 },
  { city: 'Sacramento', state: 'CA', zipPrefix: '958', weight: 2 },
  { city: 'Seattle', state: 'WA', zipPrefix: '981', weight: 4 },
  { city: 'Portland', state: 'OR', zipPrefix: '972', weight: 3 },
  { city: 'Phoenix', state: 'AZ', zipPrefix: '850', weight: 6 },
  { city: 'Denver', state: 'CO', zipPrefix: '802', weight: 3 },
  { city: 'Austin', state: 'TX', zipPrefix: '787', weight: 4 },
  { city: 'Houston', state: 'TX', zipPrefix: '770', weight: 9 },
  { city: 'Dallas', state: 'TX', zipPrefix: '752', weight: 6 },
  { city: 'Chicago', state: 'IL', zipPrefix: '606', weight: 10 },
  { city: 'Minneapolis', state: 'MN', zipPrefix: '554', weight: 2 },
  { city: 'Atlanta', state: 'GA', zipPrefix: '303', weight: 3 },
  { city: 'Miami', state: 'FL', zipPrefix: '331', weight: 3 },
  { city: 'Boston', state: 'MA', zipPrefix: '021', weight: 3 },
  { city: 'New York', state: 'NY', zipPrefix: '100', weight: 16 },
  { city: 'Philadelphia', state: 'PA', zipPrefix: '191', weight: 6 },
  { city: "Coeur d'Alene", state: 'ID', zipPrefix: '838', weight: 1 },
];

export const FIRST_NAMES = {
  F: [
    'Mary',
    'Olivia',
    'Emma',
    'Sophia',
    'Ava',
    'Isabella',
    'Mia',
    'Amelia',
    'Harper',
    'Evelyn',
    'Linda',
    'Susan',
    'Karen',
    'Nancy',
    'Aaliyah',
    'Mei',
    'Priya',
    'Lucía',
    'Zoë',
    'Chloé',
  ],
  M: [
    'James',
    'Robert',
    'John',
    'Michael',
    'David',
    'William',
    'Richard',
    'Joseph',
    'Thomas',
    'Matthew',
    'Liam',
    'Noah',
    'Oliver',
    'Elijah',
    'Mateo',
    'Wei',
    'Arjun',
    'José',
    'Seán',
    'Björn',
  ],
} as const;

export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Nguyen',
  'Phillips',
  'Patel',
  "O'Brien",
  'Kowalski',
  'Müller',
];

export const STREET_NAMES: readonly string[] = [
  'Main',
  'Oak',
  'Pine',
  'Maple',
  'Cedar',
  'Elm',
  'Washington',
  'Lake',
  'Hill',
  'Wilkins Cliffs',
  'Park',
  'Sunset',
];

export const STREET_SUFFIXES: readonly string[] = ['St', 'Ave', 'Blvd', 'Rd', 'Ln', 'Way', 'Dr'];
