-- Despacho schema v5: finance. The office's units (cost centres), the chart of accounts,
-- fiscal years, exchange rates, the double-entry journal, member dues (scales, invoices,
-- payments applied oldest-first, payment plans), budgets with revisions, and projections.
--
-- Money: every amount is an INTEGER of minor units next to its ISO 4217 currency; every rate
-- is a decimal TEXT (rust_decimal), never a REAL. Keys are text UUIDs; standing rows seeded
-- here have fixed ids so that stores created apart agree on them.

-- The office's units: cost centres of the ledger and the budget, responsible units elsewhere.
CREATE TABLE units (
  id          TEXT PRIMARY KEY NOT NULL,
  code        TEXT NOT NULL UNIQUE,
  name_es     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  name_pt     TEXT NOT NULL,
  name_fr     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
INSERT INTO units (id, code, name_es, name_en, name_pt, name_fr, created_at, updated_at) VALUES
  ('01940000-0000-7000-8001-000000000001', 'SG',   'Secretaría General', 'General Secretariat', 'Secretaria-Geral', 'Secrétariat général', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8001-000000000002', 'DEAF', 'Dirección Ejecutiva de Administración y Finanzas', 'Executive Direction for Managing and Finances', 'Direção Executiva de Administração e Finanças', 'Direction exécutive de l''administration et des finances', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8001-000000000003', 'DEVC', 'Dirección Ejecutiva de Vinculación y Cooperación', 'Executive Direction for Linking and Cooperation', 'Direção Executiva de Vinculação e Cooperação', 'Direction exécutive des liens et de la coopération', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8001-000000000004', 'CIESS', 'Centro Interamericano de Estudios de Seguridad Social', 'Inter-American Centre for Social Security Studies', 'Centro Interamericano de Estudos de Seguridade Social', 'Centre interaméricain d''études de sécurité sociale', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'));

-- The chart of accounts. `kind` places an account in the statements; `cash_flow` says how
-- its movements against cash are classified in the cash-flow statement ('cash' for the cash
-- accounts themselves).
CREATE TABLE accounts (
  id          TEXT PRIMARY KEY NOT NULL,
  code        TEXT NOT NULL UNIQUE,
  name_es     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  name_pt     TEXT NOT NULL,
  name_fr     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('asset','liability','net_assets','revenue','expense')),
  current     INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0,1)),
  cash_flow   TEXT NOT NULL DEFAULT 'operating' CHECK (cash_flow IN ('cash','operating','investing','financing')),
  -- The currency a bank account is kept in (its statements are imported in it); NULL for
  -- accounts that take any currency.
  currency    TEXT CHECK (currency IS NULL OR length(currency) = 3),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
INSERT INTO accounts (id, code, name_es, name_en, name_pt, name_fr, kind, current, cash_flow, created_at, updated_at) VALUES
  ('01940000-0000-7000-8002-000000001101', '1101', 'Bancos (MXN)', 'Bank (MXN)', 'Bancos (MXN)', 'Banque (MXN)', 'asset', 1, 'cash', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000001102', '1102', 'Bancos (USD)', 'Bank (USD)', 'Bancos (USD)', 'Banque (USD)', 'asset', 1, 'cash', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000001201', '1201', 'Cuotas por cobrar', 'Dues receivable', 'Contribuições a receber', 'Contributions à recevoir', 'asset', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000001301', '1301', 'Otras cuentas por cobrar', 'Other receivables', 'Outras contas a receber', 'Autres créances', 'asset', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000001501', '1501', 'Mobiliario y equipo', 'Furniture and equipment', 'Mobiliário e equipamento', 'Mobilier et équipement', 'asset', 0, 'investing', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000002101', '2101', 'Cuentas por pagar', 'Accounts payable', 'Contas a pagar', 'Dettes fournisseurs', 'liability', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000002201', '2201', 'Cuotas cobradas por anticipado', 'Dues received in advance', 'Contribuições recebidas antecipadamente', 'Contributions reçues d''avance', 'liability', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000002501', '2501', 'Prestaciones al personal a largo plazo', 'Long-term employee benefits', 'Benefícios de longo prazo ao pessoal', 'Avantages du personnel à long terme', 'liability', 0, 'financing', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000003101', '3101', 'Superávit acumulado', 'Accumulated surplus', 'Superávit acumulado', 'Excédent cumulé', 'net_assets', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000003201', '3201', 'Reservas', 'Reserves', 'Reservas', 'Réserves', 'net_assets', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000004101', '4101', 'Cuotas de los miembros', 'Member dues', 'Contribuições dos membros', 'Contributions des membres', 'revenue', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000004201', '4201', 'Cursos y servicios del CIESS', 'CIESS courses and services', 'Cursos e serviços do CIESS', 'Cours et services du CIESS', 'revenue', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000004301', '4301', 'Intereses y otros ingresos', 'Interest and other revenue', 'Juros e outras receitas', 'Intérêts et autres produits', 'revenue', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005101', '5101', 'Sueldos y prestaciones', 'Salaries and benefits', 'Salários e benefícios', 'Traitements et avantages', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005201', '5201', 'Reuniones estatutarias', 'Statutory meetings', 'Reuniões estatutárias', 'Réunions statutaires', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005301', '5301', 'Viajes y misiones', 'Travel and missions', 'Viagens e missões', 'Voyages et missions', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005401', '5401', 'Publicaciones y difusión', 'Publications and dissemination', 'Publicações e difusão', 'Publications et diffusion', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005501', '5501', 'Gastos de operación de la sede', 'Headquarters operating costs', 'Despesas de funcionamento da sede', 'Frais de fonctionnement du siège', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005601', '5601', 'Depreciación', 'Depreciation', 'Depreciação', 'Amortissement', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8002-000000005701', '5701', 'Diferencias cambiarias', 'Exchange differences', 'Diferenças cambiais', 'Écarts de change', 'expense', 1, 'operating', strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'));
UPDATE accounts SET currency = 'MXN' WHERE code = '1101';
UPDATE accounts SET currency = 'USD' WHERE code = '1102';

-- Fiscal years (the calendar year by default). A closed year's entries cannot change.
CREATE TABLE fiscal_years (
  id          TEXT PRIMARY KEY NOT NULL,
  year        INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 1900 AND 2200),
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  closed_at   TEXT,
  closed_by   TEXT REFERENCES users(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);

-- Exchange rates by date: units of `to_currency` for one unit of `from_currency`.
CREATE TABLE exchange_rates (
  id             TEXT PRIMARY KEY NOT NULL,
  on_date        TEXT NOT NULL,
  from_currency  TEXT NOT NULL CHECK (length(from_currency) = 3),
  to_currency    TEXT NOT NULL CHECK (length(to_currency) = 3),
  rate           TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  updated_by     TEXT
);
CREATE UNIQUE INDEX exchange_rates_day ON exchange_rates(from_currency, to_currency, on_date);

-- The journal. An entry is in one transaction currency; each line also holds its amount in
-- the reporting currency (USD) at the entry's stored rate. Debits equal credits in both.
CREATE TABLE journal_entries (
  id           TEXT PRIMARY KEY NOT NULL,
  fiscal_year  INTEGER NOT NULL,
  number       INTEGER NOT NULL,
  entry_date   TEXT NOT NULL,
  description  TEXT NOT NULL,
  kind         TEXT NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular','adjusting','opening','closing')),
  source       TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','import','dues_invoice','dues_payment','demo')),
  reference    TEXT NOT NULL DEFAULT '',
  currency     TEXT NOT NULL CHECK (length(currency) = 3),
  -- Units of the reporting currency per unit of `currency`; '1' when they are the same.
  rate         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT REFERENCES users(id),
  updated_at   TEXT NOT NULL,
  updated_by   TEXT
);
CREATE UNIQUE INDEX journal_entries_number ON journal_entries(fiscal_year, number);
-- (entry_date, id): the statements read a date range of entries from the index alone.
CREATE INDEX journal_entries_date ON journal_entries(entry_date, id);

CREATE TABLE journal_lines (
  id              TEXT PRIMARY KEY NOT NULL,
  entry_id        TEXT NOT NULL REFERENCES journal_entries(id),
  line_no         INTEGER NOT NULL,
  account_id      TEXT NOT NULL REFERENCES accounts(id),
  debit_minor     INTEGER NOT NULL DEFAULT 0 CHECK (debit_minor >= 0),
  credit_minor    INTEGER NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
  debit_rep       INTEGER NOT NULL DEFAULT 0 CHECK (debit_rep >= 0),
  credit_rep      INTEGER NOT NULL DEFAULT 0 CHECK (credit_rep >= 0),
  budget_line_id  TEXT REFERENCES budget_lines(id),
  unit_id         TEXT REFERENCES units(id),
  member_id       TEXT REFERENCES members(id),
  memo            TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  CHECK (debit_minor = 0 OR credit_minor = 0)
);
CREATE UNIQUE INDEX journal_lines_no ON journal_lines(entry_id, line_no);
CREATE INDEX journal_lines_account ON journal_lines(account_id);
-- Covering index for the statements' and trial balance's GROUP BY account over a date range.
CREATE INDEX journal_lines_amounts ON journal_lines(entry_id, account_id, debit_rep, credit_rep);
CREATE INDEX journal_lines_budget ON journal_lines(budget_line_id) WHERE budget_line_id IS NOT NULL;

-- Documents attached to a journal entry; the file is `<data dir>/attachments/<sha256>`.
CREATE TABLE journal_attachments (
  id          TEXT PRIMARY KEY NOT NULL,
  entry_id    TEXT NOT NULL REFERENCES journal_entries(id),
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  deleted_at  TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX journal_attachments_entry ON journal_attachments(entry_id);

-- Budget structure: chapters and lines (revenue or expense), each line with its unit.
-- A chapter is all revenue or all expense: its lines take its kind.
CREATE TABLE budget_chapters (
  id          TEXT PRIMARY KEY NOT NULL,
  code        TEXT NOT NULL UNIQUE,
  name_es     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  name_pt     TEXT NOT NULL,
  name_fr     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('revenue','expense')),
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE TABLE budget_lines (
  id          TEXT PRIMARY KEY NOT NULL,
  chapter_id  TEXT NOT NULL REFERENCES budget_chapters(id),
  code        TEXT NOT NULL UNIQUE,
  name_es     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  name_pt     TEXT NOT NULL,
  name_fr     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('revenue','expense')),
  unit_id     TEXT NOT NULL REFERENCES units(id),
  account_id  TEXT NOT NULL REFERENCES accounts(id),
  -- What drives the line in a projection.
  driver      TEXT NOT NULL DEFAULT 'inflation' CHECK (driver IN ('inflation','salaries','sessions','missions','dues','fixed')),
  -- The currency the line's costs are really incurred in: 'MXN' for salaries and the
  -- headquarters in Mexico City (a projection converts them at the scenario's rate).
  cost_currency TEXT NOT NULL DEFAULT 'USD' CHECK (cost_currency IN ('USD','MXN')),
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);

-- The default budget structure (fixed ids, so that stores created apart agree on it).
INSERT INTO budget_chapters (id, code, name_es, name_en, name_pt, name_fr, kind, position, created_at, updated_at) VALUES
  ('01940000-0000-7000-8003-000000000000', 'I', 'Ingresos', 'Revenue', 'Receitas', 'Recettes', 'revenue', 0, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8003-000000000001', '1', 'Gastos de personal', 'Staff costs', 'Despesas de pessoal', 'Dépenses de personnel', 'expense', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8003-000000000002', '2', 'Reuniones estatutarias', 'Statutory meetings', 'Reuniões estatutárias', 'Réunions statutaires', 'expense', 2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8003-000000000003', '3', 'Asistencia técnica y misiones', 'Technical assistance and missions', 'Assistência técnica e missões', 'Assistance technique et missions', 'expense', 3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8003-000000000004', '4', 'Publicaciones y difusión', 'Publications and dissemination', 'Publicações e difusão', 'Publications et diffusion', 'expense', 4, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8003-000000000005', '5', 'Operación de la sede', 'Headquarters operation', 'Funcionamento da sede', 'Fonctionnement du siège', 'expense', 5, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8003-000000000006', '6', 'Contribución al CIESS', 'CIESS contribution', 'Contribuição ao CIESS', 'Contribution au CIESS', 'expense', 6, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'));
INSERT INTO budget_lines (id, chapter_id, code, name_es, name_en, name_pt, name_fr, kind, unit_id, account_id, driver, cost_currency, position, created_at, updated_at) VALUES
  ('01940000-0000-7000-8004-000000000001', '01940000-0000-7000-8003-000000000000', 'I.1', 'Cuotas de los miembros', 'Member dues', 'Contribuições dos membros', 'Contributions des membres', 'revenue', '01940000-0000-7000-8001-000000000002', '01940000-0000-7000-8002-000000004101', 'dues', 'USD', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000002', '01940000-0000-7000-8003-000000000000', 'I.2', 'Servicios del CIESS', 'CIESS services', 'Serviços do CIESS', 'Services du CIESS', 'revenue', '01940000-0000-7000-8001-000000000004', '01940000-0000-7000-8002-000000004201', 'inflation', 'USD', 2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000003', '01940000-0000-7000-8003-000000000000', 'I.3', 'Intereses y otros ingresos', 'Interest and other revenue', 'Juros e outras receitas', 'Intérêts et autres produits', 'revenue', '01940000-0000-7000-8001-000000000002', '01940000-0000-7000-8002-000000004301', 'fixed', 'USD', 3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000011', '01940000-0000-7000-8003-000000000001', '1.1', 'Sueldos y prestaciones', 'Salaries and benefits', 'Salários e benefícios', 'Traitements et avantages', 'expense', '01940000-0000-7000-8001-000000000001', '01940000-0000-7000-8002-000000005101', 'salaries', 'MXN', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000021', '01940000-0000-7000-8003-000000000002', '2.1', 'Asamblea General', 'General Assembly', 'Assembleia Geral', 'Assemblée générale', 'expense', '01940000-0000-7000-8001-000000000001', '01940000-0000-7000-8002-000000005201', 'sessions', 'USD', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000022', '01940000-0000-7000-8003-000000000002', '2.2', 'Comité Permanente', 'Standing Committee', 'Comitê Permanente', 'Comité permanent', 'expense', '01940000-0000-7000-8001-000000000001', '01940000-0000-7000-8002-000000005201', 'sessions', 'USD', 2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000023', '01940000-0000-7000-8003-000000000002', '2.3', 'Comisiones Americanas de Seguridad Social (CASS)', 'American Social Security Commissions (CASS)', 'Comissões Americanas de Seguridade Social (CASS)', 'Commissions américaines de sécurité sociale (CASS)', 'expense', '01940000-0000-7000-8001-000000000003', '01940000-0000-7000-8002-000000005201', 'sessions', 'USD', 3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000031', '01940000-0000-7000-8003-000000000003', '3.1', 'Misiones de asistencia técnica', 'Technical assistance missions', 'Missões de assistência técnica', 'Missions d''assistance technique', 'expense', '01940000-0000-7000-8001-000000000003', '01940000-0000-7000-8002-000000005301', 'missions', 'USD', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000032', '01940000-0000-7000-8003-000000000003', '3.2', 'Viajes oficiales de la Secretaría General', 'Official travel of the General Secretariat', 'Viagens oficiais da Secretaria-Geral', 'Voyages officiels du Secrétariat général', 'expense', '01940000-0000-7000-8001-000000000001', '01940000-0000-7000-8002-000000005301', 'missions', 'USD', 2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000041', '01940000-0000-7000-8003-000000000004', '4.1', 'Publicaciones y difusión', 'Publications and dissemination', 'Publicações e difusão', 'Publications et diffusion', 'expense', '01940000-0000-7000-8001-000000000003', '01940000-0000-7000-8002-000000005401', 'inflation', 'USD', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000051', '01940000-0000-7000-8003-000000000005', '5.1', 'Gastos de operación de la sede', 'Headquarters operating costs', 'Despesas de funcionamento da sede', 'Frais de fonctionnement du siège', 'expense', '01940000-0000-7000-8001-000000000002', '01940000-0000-7000-8002-000000005501', 'inflation', 'MXN', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  ('01940000-0000-7000-8004-000000000061', '01940000-0000-7000-8003-000000000006', '6.1', 'Contribución al CIESS', 'Contribution to the CIESS', 'Contribuição ao CIESS', 'Contribution au CIESS', 'expense', '01940000-0000-7000-8001-000000000004', '01940000-0000-7000-8002-000000005501', 'fixed', 'USD', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'));

-- A fiscal year's budget, in the reporting currency.
CREATE TABLE budgets (
  id           TEXT PRIMARY KEY NOT NULL,
  fiscal_year  INTEGER NOT NULL UNIQUE,
  currency     TEXT NOT NULL CHECK (length(currency) = 3),
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  approved_on  TEXT,
  approved_by  TEXT REFERENCES users(id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT
);
CREATE TABLE budget_amounts (
  id              TEXT PRIMARY KEY NOT NULL,
  budget_id       TEXT NOT NULL REFERENCES budgets(id),
  line_id         TEXT NOT NULL REFERENCES budget_lines(id),
  original_minor  INTEGER NOT NULL CHECK (original_minor >= 0),
  -- Why actual differs from final (IPSAS 24 "variances explained").
  explanation     TEXT NOT NULL DEFAULT '',
  updated_at      TEXT NOT NULL,
  updated_by      TEXT
);
CREATE UNIQUE INDEX budget_amounts_line ON budget_amounts(budget_id, line_id);

-- Revisions: transfers between lines, proposed by one user and approved by another.
CREATE TABLE budget_revisions (
  id             TEXT PRIMARY KEY NOT NULL,
  budget_id      TEXT NOT NULL REFERENCES budgets(id),
  number         INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','approved','rejected')),
  proposed_by    TEXT NOT NULL REFERENCES users(id),
  proposed_at    TEXT NOT NULL,
  decided_by     TEXT REFERENCES users(id),
  decided_at     TEXT,
  decision_note  TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE UNIQUE INDEX budget_revisions_number ON budget_revisions(budget_id, number);
CREATE TABLE budget_transfers (
  id            TEXT PRIMARY KEY NOT NULL,
  revision_id   TEXT NOT NULL REFERENCES budget_revisions(id),
  from_line_id  TEXT NOT NULL REFERENCES budget_lines(id),
  to_line_id    TEXT NOT NULL REFERENCES budget_lines(id),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  CHECK (from_line_id <> to_line_id)
);
CREATE INDEX budget_transfers_revision ON budget_transfers(revision_id);

-- Dues: a scale per category or per member and year (a member's own row wins).
CREATE TABLE dues_scales (
  id            TEXT PRIMARY KEY NOT NULL,
  fiscal_year   INTEGER NOT NULL,
  category      TEXT CHECK (category IN ('titular','associate','adherent','linked')),
  member_id     TEXT REFERENCES members(id),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency      TEXT NOT NULL CHECK (length(currency) = 3),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  updated_by    TEXT,
  -- A scale row removed before any invoice of its year was issued (tombstone).
  deleted_at    TEXT,
  CHECK ((category IS NULL) <> (member_id IS NULL))
);
CREATE UNIQUE INDEX dues_scales_category ON dues_scales(fiscal_year, category) WHERE category IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX dues_scales_member ON dues_scales(fiscal_year, member_id) WHERE member_id IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE dues_invoices (
  id            TEXT PRIMARY KEY NOT NULL,
  member_id     TEXT NOT NULL REFERENCES members(id),
  fiscal_year   INTEGER NOT NULL,
  number        TEXT NOT NULL UNIQUE,
  issue_date    TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  currency      TEXT NOT NULL CHECK (length(currency) = 3),
  entry_id      TEXT REFERENCES journal_entries(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE UNIQUE INDEX dues_invoices_member_year ON dues_invoices(member_id, fiscal_year);

CREATE TABLE dues_payments (
  id            TEXT PRIMARY KEY NOT NULL,
  member_id     TEXT NOT NULL REFERENCES members(id),
  received_on   TEXT NOT NULL,
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  currency      TEXT NOT NULL CHECK (length(currency) = 3),
  reference     TEXT NOT NULL DEFAULT '',
  -- What was left after paying every open invoice: held as dues received in advance.
  unapplied_minor INTEGER NOT NULL DEFAULT 0 CHECK (unapplied_minor >= 0),
  entry_id      TEXT REFERENCES journal_entries(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX dues_payments_member ON dues_payments(member_id, received_on);

-- How a payment was applied: oldest open invoice first.
CREATE TABLE dues_allocations (
  id            TEXT PRIMARY KEY NOT NULL,
  payment_id    TEXT NOT NULL REFERENCES dues_payments(id),
  invoice_id    TEXT NOT NULL REFERENCES dues_invoices(id),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX dues_allocations_invoice ON dues_allocations(invoice_id);
CREATE INDEX dues_allocations_payment ON dues_allocations(payment_id);

-- A payment plan agreed with a member in arrears; while active, the arrears rule may spare
-- the member's vote.
CREATE TABLE payment_plans (
  id           TEXT PRIMARY KEY NOT NULL,
  member_id    TEXT NOT NULL REFERENCES members(id),
  agreed_on    TEXT NOT NULL,
  terms        TEXT NOT NULL,
  -- The currency of the instalments (the member's dues currency).
  currency     TEXT NOT NULL CHECK (length(currency) = 3),
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','completed','cancelled')),
  -- The day the plan was completed or cancelled (NULL while active): the arrears rule reads
  -- whether a plan was active on a past session's date.
  ended_on     TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT
);
CREATE INDEX payment_plans_member ON payment_plans(member_id);
CREATE TABLE payment_plan_instalments (
  id            TEXT PRIMARY KEY NOT NULL,
  plan_id       TEXT NOT NULL REFERENCES payment_plans(id),
  due_date      TEXT NOT NULL,
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT
);
CREATE INDEX payment_plan_instalments_plan ON payment_plan_instalments(plan_id);

-- Budget projections: a base year, a horizon, and scenarios with their drivers.
CREATE TABLE projections (
  id           TEXT PRIMARY KEY NOT NULL,
  name         TEXT NOT NULL,
  base_year    INTEGER NOT NULL,
  base_source  TEXT NOT NULL CHECK (base_source IN ('actual','final_budget')),
  years        INTEGER NOT NULL CHECK (years IN (1,3)),
  -- Sessions and missions held in the base year: lines driven by sessions or missions scale
  -- by a scenario's count over these.
  base_sessions INTEGER NOT NULL DEFAULT 1 CHECK (base_sessions >= 1),
  base_missions INTEGER NOT NULL DEFAULT 1 CHECK (base_missions >= 1),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT,
  deleted_at   TEXT
);
CREATE TABLE projection_scenarios (
  id               TEXT PRIMARY KEY NOT NULL,
  projection_id    TEXT NOT NULL REFERENCES projections(id),
  name             TEXT NOT NULL,
  position         INTEGER NOT NULL DEFAULT 0,
  -- Decimal TEXT rates per year, e.g. '0.045' for 4.5 %.
  inflation        TEXT NOT NULL,
  mxn_per_usd      TEXT NOT NULL,
  salary_increase  TEXT NOT NULL,
  staffing_change  TEXT NOT NULL DEFAULT '0',
  sessions         INTEGER NOT NULL DEFAULT 0 CHECK (sessions >= 0),
  missions         INTEGER NOT NULL DEFAULT 0 CHECK (missions >= 0),
  collection_rate  TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  updated_by       TEXT
);
CREATE UNIQUE INDEX projection_scenarios_name ON projection_scenarios(projection_id, name);
CREATE TABLE projection_one_offs (
  id            TEXT PRIMARY KEY NOT NULL,
  scenario_id   TEXT NOT NULL REFERENCES projection_scenarios(id),
  year_offset   INTEGER NOT NULL CHECK (year_offset BETWEEN 1 AND 3),
  line_id       TEXT NOT NULL REFERENCES budget_lines(id),
  amount_minor  INTEGER NOT NULL,
  description   TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  deleted_at  TEXT
);
CREATE INDEX projection_one_offs_scenario ON projection_one_offs(scenario_id);

-- Finance settings live in `settings`: 'finance.reporting_currency' (USD),
-- 'finance.operating_currency' (MXN), 'finance.arrears_years' (2),
-- 'finance.plan_keeps_vote' (1), 'finance.fiscal_year_start' (01-01).
