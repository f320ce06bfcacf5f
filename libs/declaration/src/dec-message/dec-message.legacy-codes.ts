/**
 * The legacy numeric country (国别(地区)代码) and currency (币制代码) codes GACC used before the 2018
 * reform (关检融合, when the declaration moved to ISO codes), which older client software
 * still sends, each mapped to the ISO code the engine reads it as. Sources and what was left out:
 * seeds/reference/legacy-codes.md.
 */

/** Legacy 国别(地区) code → ISO 3166-1 alpha-3 (222 codes; the 99x "other countries of …" rows, 701/702/999 and places without an ISO code are not mapped). */
export const LEGACY_COUNTRIES: Record<string, string> = {
  '101': 'AFG', '102': 'BHR', '103': 'BGD', '104': 'BTN', '105': 'BRN', '106': 'MMR', '107': 'KHM', '108': 'CYP',
  '109': 'PRK', '110': 'HKG', '111': 'IND', '112': 'IDN', '113': 'IRN', '114': 'IRQ', '115': 'ISR', '116': 'JPN',
  '117': 'JOR', '118': 'KWT', '119': 'LAO', '120': 'LBN', '121': 'MAC', '122': 'MYS', '123': 'MDV', '124': 'MNG',
  '125': 'NPL', '126': 'OMN', '127': 'PAK', '128': 'PSE', '129': 'PHL', '130': 'QAT', '131': 'SAU', '132': 'SGP',
  '133': 'KOR', '134': 'LKA', '135': 'SYR', '136': 'THA', '137': 'TUR', '138': 'ARE', '139': 'YEM', '141': 'VNM',
  '142': 'CHN', '143': 'TWN', '144': 'TLS', '145': 'KAZ', '146': 'KGZ', '147': 'TJK', '148': 'TKM', '149': 'UZB',
  '201': 'DZA', '202': 'AGO', '203': 'BEN', '204': 'BWA', '205': 'BDI', '206': 'CMR', '208': 'CPV', '209': 'CAF',
  '211': 'TCD', '212': 'COM', '213': 'COG', '214': 'DJI', '215': 'EGY', '216': 'GNQ', '217': 'ETH', '218': 'GAB',
  '219': 'GMB', '220': 'GHA', '221': 'GIN', '222': 'GNB', '223': 'CIV', '224': 'KEN', '225': 'LBR', '226': 'LBY',
  '227': 'MDG', '228': 'MWI', '229': 'MLI', '230': 'MRT', '231': 'MUS', '232': 'MAR', '233': 'MOZ', '234': 'NAM',
  '235': 'NER', '236': 'NGA', '237': 'REU', '238': 'RWA', '239': 'STP', '240': 'SEN', '241': 'SYC', '242': 'SLE',
  '243': 'SOM', '244': 'ZAF', '245': 'ESH', '246': 'SDN', '247': 'TZA', '248': 'TGO', '249': 'TUN', '250': 'UGA',
  '251': 'BFA', '252': 'COD', '253': 'ZMB', '254': 'ZWE', '255': 'LSO', '257': 'SWZ', '258': 'ERI', '259': 'MYT',
  '301': 'BEL', '302': 'DNK', '303': 'GBR', '304': 'DEU', '305': 'FRA', '306': 'IRL', '307': 'ITA', '308': 'LUX',
  '309': 'NLD', '310': 'GRC', '311': 'PRT', '312': 'ESP', '313': 'ALB', '314': 'AND', '315': 'AUT', '316': 'BGR',
  '318': 'FIN', '320': 'GIB', '321': 'HUN', '322': 'ISL', '323': 'LIE', '324': 'MLT', '325': 'MCO', '326': 'NOR',
  '327': 'POL', '328': 'ROU', '329': 'SMR', '330': 'SWE', '331': 'CHE', '334': 'EST', '335': 'LVA', '336': 'LTU',
  '337': 'GEO', '338': 'ARM', '339': 'AZE', '340': 'BLR', '343': 'MDA', '344': 'RUS', '347': 'UKR', '350': 'SVN',
  '351': 'HRV', '352': 'CZE', '353': 'SVK', '354': 'MKD', '355': 'BIH', '356': 'VAT', '357': 'FRO', '358': 'SRB',
  '359': 'MNE', '401': 'ATG', '402': 'ARG', '403': 'ABW', '404': 'BHS', '405': 'BRB', '406': 'BLZ', '408': 'BOL',
  '409': 'BES', '410': 'BRA', '411': 'CYM', '412': 'CHL', '413': 'COL', '414': 'DMA', '415': 'CRI', '416': 'CUB',
  '417': 'CUW', '418': 'DOM', '419': 'ECU', '420': 'GUF', '421': 'GRD', '422': 'GLP', '423': 'GTM', '424': 'GUY',
  '425': 'HTI', '426': 'HND', '427': 'JAM', '428': 'MTQ', '429': 'MEX', '430': 'MSR', '431': 'NIC', '432': 'PAN',
  '433': 'PRY', '434': 'PER', '435': 'PRI', '436': 'BES', '437': 'LCA', '439': 'VCT', '440': 'SLV', '441': 'SUR',
  '442': 'TTO', '443': 'TCA', '444': 'URY', '445': 'VEN', '446': 'VGB', '447': 'KNA', '448': 'SPM', '501': 'CAN',
  '502': 'USA', '503': 'GRL', '504': 'BMU', '601': 'AUS', '602': 'COK', '603': 'FJI', '606': 'NRU', '607': 'NCL',
  '608': 'VUT', '609': 'NZL', '610': 'NFK', '611': 'PNG', '613': 'SLB', '614': 'TON', '617': 'WSM', '618': 'KIR',
  '619': 'TUV', '620': 'FSM', '621': 'MHL', '622': 'PLW', '623': 'PYF', '625': 'WLF',
};

/** Legacy 币制 code → ISO 4217 (26 codes; the pre-euro currencies of the old table are not mapped: they are no longer declarable). */
export const LEGACY_CURRENCIES: Record<string, string> = {
  '110': 'HKD', '113': 'IRR', '116': 'JPY', '118': 'KWD', '121': 'MOP', '122': 'MYR', '127': 'PKR', '129': 'PHP',
  '132': 'SGD', '133': 'KRW', '136': 'THB', '142': 'CNY', '143': 'TWD', '201': 'DZD', '300': 'EUR', '302': 'DKK',
  '303': 'GBP', '326': 'NOK', '330': 'SEK', '331': 'CHF', '332': 'RUB', '344': 'RUB', '501': 'CAD', '502': 'USD',
  '601': 'AUD', '609': 'NZD',
};
