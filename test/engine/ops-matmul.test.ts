/** Products against PyTorch: matmul in every rank combination, mm, bmm, dot, outer, linear. */
import * as kd from "../../src/index.js";
import { linear } from "../../src/ops/matmul.js";
import { opSuite } from "./op-helper.js";

const { testOp, done } = opSuite("ops-matmul");

testOp("matmul_1d1d", [[4], [4]], (a, b) => a.matmul(b));
testOp("matmul_2d2d", [[3, 4], [4, 5]], (a, b) => kd.matmul(a, b));
testOp("matmul_2d1d", [[3, 4], [4]], (a, b) => a.matmul(b));
testOp("matmul_1d2d", [[4], [4, 5]], (a, b) => a.matmul(b));
testOp("matmul_3d2d", [[2, 3, 4], [4, 5]], (a, b) => a.matmul(b));
testOp("matmul_3d3d", [[2, 3, 4], [2, 4, 5]], (a, b) => a.matmul(b));
testOp("matmul_bcast", [[2, 1, 3, 4], [3, 4, 2]], (a, b) => a.matmul(b));
testOp("matmul_3d1d", [[2, 3, 4], [4]], (a, b) => a.matmul(b));
testOp("matmul_f64", [[3, 4], [4, 2]], (a, b) => a.matmul(b));
testOp("mm", [[3, 4], [4, 2]], (a, b) => kd.mm(a, b));
testOp("bmm", [[2, 3, 4], [2, 4, 5]], (a, b) => a.bmm(b));
testOp("dot", [[5], [5]], (a, b) => kd.dot(a, b));
testOp("outer", [[3], [4]], (a, b) => a.outer(b));
testOp("linear", [[5, 3], [4, 3], [4]], (x, w, b) => linear(x, w, b));
testOp("linear_nobias", [[5, 3], [4, 3]], (x, w) => linear(x, w));
testOp("linear_3d", [[2, 5, 3], [4, 3], [4]], (x, w, b) => linear(x, w, b));
testOp("matmul_T", [[5, 3], [4, 3]], (a, b) => a.matmul(b.T));

done();
