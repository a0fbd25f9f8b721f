"""The asset-freeze register: what is frozen, where, on what basis, what was released,
and what must be unfrozen.

- :mod:`.register`: recording freezes, reading them (identifiers masked except for the
  recording agency), moving them (seized, confiscated, unfrozen, maintained);
- :mod:`.licences`: releases of part of the funds, never above the balance;
- :mod:`.basis`: the legal basis of a freeze, and what happens when it ends
  (:func:`interlist.freezes.basis.basis_ended`);
- :mod:`.returns`: balances at a date, totals, and the annual return (CSV, Excel);
- :mod:`.files`: freezes read from CSV, Excel or JSON lines.

The statuses and who may move a freeze are declared in
``resources/lifecycles/freeze.yml``; the vocabularies (asset types, licence grounds) in
``resources/freezes.yml``. Nothing here knows HTTP or HTML. The submodules are imported
by their users (not here), so that :mod:`interlist.cooperation.recognition` may import
:mod:`.basis` without a cycle.
"""
