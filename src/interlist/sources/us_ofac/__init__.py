"""OFAC's lists in their two published forms.

* :mod:`.csv_parser`: the SDN list as SDN.CSV with its companion files; the
  Remarks column is parsed by :mod:`.remarks` and the entities are built by
  :mod:`.build`.
* :mod:`.xml_parser`: the ``sdnList`` XML (consolidated non-SDN list and SDN
  list), with its field rules in :mod:`.xml_fields`.
"""
