import * as kd from "../src/index.js";
const chk = (name: string, t: kd.Tensor) => {
  let off = 0;
  for (const v of t.data) if (Math.fround(v) !== v || (v !== 0 && Number.isFinite(v) && (() => { const h = kd.tensor([v], { dtype: kd.half }).data[0]; return h !== v; })())) off++;
  console.log(name, t.dtype, "off-grid:", off);
};
chk("randn", kd.randn([100], { dtype: kd.half }));
chk("rand", kd.rand([100], { dtype: kd.half }));
chk("full", kd.full([3], 0.1, { dtype: kd.half }));
chk("arange", kd.arange(0, 1, 0.1, { dtype: kd.half }));
chk("linspace", kd.linspace(0, 1, 7, { dtype: kd.half }));
chk("ones", kd.ones([3], { dtype: kd.half }));
chk("normal_", kd.empty([50], { dtype: kd.half }).normal_());
chk("uniform_", kd.empty([50], { dtype: kd.half }).uniform_(-1, 1));
const lin = new kd.nn.Linear(10, 5); lin.half(); chk("linear.half", lin.weight);
chk("fill_", kd.zeros([3], { dtype: kd.half }).fill_(0.1));
chk("eye", kd.eye(3, { dtype: kd.half }));
