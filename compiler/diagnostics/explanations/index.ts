// Every diagnostic code's explanation, for `featc explain-error`; test/golden/diagnostics
// checks that each code has one and that its broken example really produces the code.
import type { DiagnosticCode } from "../codes.js";
import type { Explanation } from "./explanation.js";
import { explanation as E0001 } from "./E0001.js";
import { explanation as E0002 } from "./E0002.js";
import { explanation as E0003 } from "./E0003.js";
import { explanation as E0004 } from "./E0004.js";
import { explanation as E0005 } from "./E0005.js";
import { explanation as E0006 } from "./E0006.js";
import { explanation as E0007 } from "./E0007.js";
import { explanation as E0008 } from "./E0008.js";
import { explanation as E0009 } from "./E0009.js";
import { explanation as E0010 } from "./E0010.js";
import { explanation as E0011 } from "./E0011.js";
import { explanation as E0012 } from "./E0012.js";
import { explanation as E0013 } from "./E0013.js";
import { explanation as E0014 } from "./E0014.js";
import { explanation as E0015 } from "./E0015.js";
import { explanation as E0016 } from "./E0016.js";
import { explanation as E0017 } from "./E0017.js";
import { explanation as E0018 } from "./E0018.js";
import { explanation as E0019 } from "./E0019.js";
import { explanation as E0020 } from "./E0020.js";
import { explanation as E0021 } from "./E0021.js";
import { explanation as E0022 } from "./E0022.js";
import { explanation as E0023 } from "./E0023.js";
import { explanation as E0024 } from "./E0024.js";
import { explanation as E0025 } from "./E0025.js";
import { explanation as E0026 } from "./E0026.js";
import { explanation as E0027 } from "./E0027.js";
import { explanation as E0028 } from "./E0028.js";
import { explanation as E0029 } from "./E0029.js";
import { explanation as E0030 } from "./E0030.js";
import { explanation as E0031 } from "./E0031.js";
import { explanation as E0032 } from "./E0032.js";
import { explanation as E0033 } from "./E0033.js";
import { explanation as E0034 } from "./E0034.js";
import { explanation as E0035 } from "./E0035.js";
import { explanation as E0036 } from "./E0036.js";
import { explanation as E0037 } from "./E0037.js";
import { explanation as E0038 } from "./E0038.js";
import { explanation as E0039 } from "./E0039.js";
import { explanation as E0040 } from "./E0040.js";
import { explanation as E0041 } from "./E0041.js";
import { explanation as E0042 } from "./E0042.js";
import { explanation as E0043 } from "./E0043.js";
import { explanation as E0044 } from "./E0044.js";
import { explanation as E0045 } from "./E0045.js";
import { explanation as E0046 } from "./E0046.js";
import { explanation as W0001 } from "./W0001.js";
import { explanation as W0002 } from "./W0002.js";
import { explanation as W0003 } from "./W0003.js";
import { explanation as W0004 } from "./W0004.js";

/** Partial so that a new code does not break the build; the test requires every code here. */
export const explanations: Partial<Record<DiagnosticCode, Explanation>> = {
  E0001,
  E0002,
  E0003,
  E0004,
  E0005,
  E0006,
  E0007,
  E0008,
  E0009,
  E0010,
  E0011,
  E0012,
  E0013,
  E0014,
  E0015,
  E0016,
  E0017,
  E0018,
  E0019,
  E0020,
  E0021,
  E0022,
  E0023,
  E0024,
  E0025,
  E0026,
  E0027,
  E0028,
  E0029,
  E0030,
  E0031,
  E0032,
  E0033,
  E0034,
  E0035,
  E0036,
  E0037,
  E0038,
  E0039,
  E0040,
  E0041,
  E0042,
  E0043,
  E0044,
  E0045,
  E0046,
  W0001,
  W0002,
  W0003,
  W0004,
};
