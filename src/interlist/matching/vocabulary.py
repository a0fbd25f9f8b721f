"""The matcher's named vocabularies, in one place: comparison styles, token kinds,
explanation kinds (why two name parts were aligned), feature names, index-key prefixes
and the schema groups.

Every value is a plain ``Final`` string (or a frozenset of them): code compares a
token's kind or a pair's reason with these names, never with text written elsewhere,
and the compiled modules (mypyc) read them as constants.
"""

from __future__ import annotations

from typing import Final

# Comparison styles: how the names of an entity are read.
PERSON: Final = "person"
ORG: Final = "org"
VESSEL: Final = "vessel"

# Token kinds: what a name part is (names.Token.kind).
NAME: Final = "name"  # a plain name part
NUMBER: Final = "number"  # 44, forty-four, 1st, VII
PREFIX_NAME: Final = "prefix_name"  # a name-forming prefix: Abu, Abd, Abdul
PATRONYMIC: Final = "patronymic"  # -ovich, -ovna, ogly
INITIAL: Final = "initial"
GENERIC: Final = "generic"  # a common word of an organisation's name
PARTICLE: Final = "particle"  # al-, bin, de, van
LEGAL: Final = "legal"  # a legal form: LLC, GmbH, ООО
STOP: Final = "stop"  # an organisation stop word: of, the, und
HONORIFIC: Final = "honorific"  # Dr, Haji, Sheikh: shown but weightless
PREFIX: Final = "prefix"
TOKEN_KINDS: Final = frozenset(
    {
        NAME,
        NUMBER,
        PREFIX_NAME,
        PATRONYMIC,
        INITIAL,
        GENERIC,
        PARTICLE,
        LEGAL,
        STOP,
        HONORIFIC,
        PREFIX,
    }
)
# The kinds of part that carry a name's content: they have blocking keys.
CONTENT_KINDS: Final = frozenset({NAME, NUMBER, PATRONYMIC, GENERIC})

# Explanation kinds: why two name parts were aligned, or left over (align.Pair.reason).
SAME: Final = "same"
SPELLING: Final = "spelling"  # a romanisation variant
TRANSLIT: Final = "translit"  # another script
SAME_NAME: Final = "same name"  # given-name equivalents table
SAME_WORD: Final = "same word"  # a translated organisation word (org_words.yml)
SAME_NUMBER: Final = "same number"
SAME_LEGAL_FORM: Final = "same legal form"
MISSPELT_LEGAL_FORM: Final = "misspelt legal form"
COMPANY_WORD: Final = "a company's legal form"  # a general word for a company and a legal form
GENERAL_COMPANY: Final = "company"  # the family of the general words for a company
SIMILAR: Final = "similar"  # a typo
INITIAL_OF: Final = "initial"  # an initial and a name starting with it
WRITTEN_APART: Final = "written apart"  # one part against two the other name writes apart
JOINED_WORDS: Final = "joined words"  # two names equal when written as one word
TRANSLATED_INITIALS: Final = "initials of the translation"  # ИАЗ, Izhevsk Aviation Plant
ONLY_IN_QUERY: Final = "only in query"
ONLY_IN_CANDIDATE: Final = "only in candidate"
DIFFERENT_NAMES: Final = "different names"  # two known, different given names
PARENT_VS_OWN: Final = "parent's name vs own name"
NO_REASON: Final = ""  # parts that do not align

# Feature names: the evidence a match is explained by (model.Feature.name).
NAME_FEATURE: Final = "name"
IDENTIFIER: Final = "identifier"
BIRTH_DATE: Final = "birth_date"
GENDER: Final = "gender"
COUNTRY: Final = "country"
SCHEMA: Final = "schema"
NO_SHARED_KEY: Final = "no_shared_key"
THIN_NAME: Final = "thin_name"  # the aligned parts are too little to identify anyone
TOO_LITTLE: Final = "too_little"  # the query's name is too little to identify anyone

# Index-key prefixes (keys.py): each key is a prefix and a form of a name part or name.
FOLDED_KEY: Final = "f:"  # a part's folded spelling
FIRST_TWO_KEY: Final = "^"  # its first two folded letters ("^ab")
LAST_TWO_KEY: Final = "$"  # its last two, as a suffix ("yz$")
CODE_KEY: Final = "c:"  # its phonetic consonant code (also with one class left out)
CODE_HEAD_KEY: Final = "c<"  # the first three classes of the code
CODE_TAIL_KEY: Final = "c>"  # the last three
SKELETON_KEY: Final = "s:"  # its Arabic-style consonant skeleton
GROUP_KEY: Final = "g:"  # its given-name groups
JOINED_KEY: Final = "j:"  # a name's joined spelling
ACRONYM_KEY: Final = "a:"  # an organisation's initials
ID_KEY: Final = "i:"  # an identifier number
DELETION_KEY: Final = "d:"  # screening: a folded part with one letter left out
ORG_WORD: Final = "o:"  # the group of a translated organisation word (org_words.yml)

# Schema groups: the FtM schemata the matcher reads, by how their names are compared.
PERSON_SCHEMATA: Final = frozenset({"Person"})
ORG_SCHEMATA: Final = frozenset({"Organization", "Company", "PublicBody"})
CRAFT_SCHEMATA: Final = frozenset({"Vessel", "Airplane"})
LEGAL_ENTITY: Final = "LegalEntity"  # a person or an organisation
# The schemata of the designated persons and organisations themselves: what a screening
# searches and what "an entity on a list" counts.
TARGET_SCHEMATA: Final = ("Person", "Organization", "LegalEntity", "Company", "Vessel", "Airplane")
# The schemata a search may be narrowed to: any, or one of the targets.
SEARCH_SCHEMATA: Final = ("Thing", *TARGET_SCHEMATA)
