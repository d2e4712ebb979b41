"""Synthetic datasets at province or national scale, for benchmarks and load tests.

``write_synthetic(out_dir, scale="national", seed=1)`` writes a folder of CSV files
that follows the data contract (v2) exactly, so ``assistgraph validate`` accepts it.
Every row is marked ``confidence=illustrative`` and ``source=assistgraph synth …``:
the figures are invented, never official.

Scales (all sizes grow with the number of counties; ``national`` is the reference):

=============  ========  ===========  =========  ========  =========  ==========  ======
scale          counties  prefectures  providers  projects  funding    industries  tasks
=============  ========  ===========  =========  ========  =========  ==========  ======
``province``   39        8            141        9,375     46,875     94          938
``national``   832       60           3,000      200,000   1,000,000  2,000       20,000
``N``          N         ≈ N/14       …          …         …          …           …
=============  ========  ===========  =========  ========  =========  ==========  ======

National also has 10,000 chain links and 50,000 training and cadre rows (30,000 +
20,000). The data has the skew of the real programme:

* **a few providers fund most**: provider weights follow a Pareto law, so the
  top 5 % of providers carry roughly half of all funding;
* **long-tailed project sizes**: amounts are log-normal (median ≈ 300,000 yuan,
  a few projects above 50 million);
* **real chains**: industries are grouped into chains of 5–40 industries laid out
  in stages (raw material → processing → products → services); chain links run
  from one stage to the next within a chain, with a few links across chains;
* **most counties are covered, some are not**: a few counties lack a force, many
  fall short of the training target in some years, some SOEs sign no agreement,
  some tasks are overdue or closed out late, a few counties have no employment support,
  a few agreements name no share of funds and every fourth prefecture has no
  coordination mechanism on record — so every gap rule of contract v2 has something to
  find. The v2 columns and tables draw from a second random stream, so the v1 tables
  of a seed are unchanged.

The same ``seed`` and scale always give the same files (byte for byte).
"""

from __future__ import annotations

from .build import write_synthetic
from .sizes import SCALES, sizes

__all__ = ["SCALES", "sizes", "write_synthetic"]
