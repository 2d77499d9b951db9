package review

import "github.com/jixiao/jixiao/model"

// rules are the review rules, in the order Check applies them: the money,
// the periods, the indicator table's structure, then its values.
var rules = []rule{
	{Rule{
		Name:     "funds_sum_mismatch",
		Severity: model.SeverityError,
		Summary:  "资金总额与其构成（财政拨款 + 其他资金 + 上年结转）不相等",
		Doc: "对中期资金、年度资金（自评表另有年初预算数、全年执行数）各栏分别检查：" +
			"资金总额、财政拨款、其他资金均已填写时，财政拨款 + 其他资金 + 上年结转（未填视为没有）应等于资金总额；" +
			"其他资金未填时，只在已填各项之和已超过资金总额时提出。其他细项（自有资金、上级资金等）不参与计算。" +
			"表带有 formula 警告（工作簿的求和公式未保存计算结果，WPS 常存为 0）时，本条及其他以资金总额为准的规则" +
			"（annual_funds_over_mid_term、mid_term_funds_zero、cost_over_funds、cost_sum_over_funds）都不检查：那是读取问题，警告已经指出。" +
			"处理：核对资金总额及各来源的金额和单位，使构成之和等于总额。",
	}, fundsSum},
	{Rule{
		Name:     "annual_funds_over_mid_term",
		Severity: model.SeverityError,
		Summary:  "年度资金总额超过中期资金总额",
		Doc: "中期资金是项目整个实施期的资金，应包含本年度资金。两栏总额均已填写且中期总额大于 0 时，" +
			"年度资金总额不应大于中期资金总额（中期为 0 时由 mid_term_funds_zero 提出）。" +
			"处理：核对两栏金额，尤其是万元与元的单位。",
	}, annualFundsOverMidTerm},
	{Rule{
		Name:     "mid_term_funds_zero",
		Severity: model.SeverityError,
		Summary:  "中期资金总额为 0",
		Doc: "表中列有中期资金总额，但其值为 0。多年期项目应填写整个实施期的资金总额；" +
			"不分中期的项目应只填年度资金。处理：补填中期资金总额，或删去中期资金栏。",
	}, midTermFundsZero},
	{Rule{
		Name:     "period_mismatch",
		Severity: model.SeverityError,
		Summary:  "中期目标年份、项目期、项目起止时间与表的年度相互矛盾",
		Doc: "检查：中期目标标签所写的起止年份是否前后颠倒；中期目标的年数（结束年 − 起始年 + 1）是否等于项目期（如“3年”）；" +
			"表的年度是否在中期目标年份之内；项目起止时间是否前后颠倒、其年份是否与中期目标的起止年一致；" +
			"没有中期目标年份时，项目起止时间的长度（按月计，向上取整为年）是否等于项目期，表的年度是否在项目起止时间之内。" +
			"处理：以批复的实施期为准，统一各处的年份。",
	}, periodMismatch},
	{Rule{
		Name:     "level1_missing",
		Severity: model.SeverityWarning,
		Summary:  "某期绩效指标缺少产出、效益或满意度一级指标",
		Doc: "对填有指标的每一期（中期、年度）检查三类一级指标是否齐全：产出指标（output）、效益指标（benefit）、满意度指标（satisfaction）。" +
			"按编码判断，也认可归在别的一级指标下的同类二级指标（如广东模板“效果指标”下的“社会公众或服务对象满意度指标”）。" +
			"没有任何指标的一期（如有意留空的中期栏）不检查。处理：按模板补充缺少的一类指标。",
	}, level1Missing},
	{Rule{
		Name:     "no_cost_indicator",
		Severity: model.SeverityWarning,
		Summary:  "全表没有成本指标",
		Doc: "表中有指标，但没有任何编码为成本的一级或二级指标（成本指标、预算控制指标、经济/社会/生态环境成本指标）。" +
			"现行模板要求产出指标（或单列的一级成本指标）包括成本指标。处理：补充单位成本、补助标准、预算控制数等成本指标。",
	}, noCostIndicator},
	{Rule{
		Name:     "no_quantity_quality",
		Severity: model.SeverityWarning,
		Summary:  "某期绩效指标没有数量指标或质量指标",
		Doc: "对填有指标、且有产出类指标的每一期，检查是否有“数量指标”和“质量指标”二级指标；缺哪一个报哪一个。" +
			"标题在但其下为空的，由 required_heading_empty 提出；整个产出指标缺失的，由 level1_missing 提出，此处不重复。" +
			"处理：补充反映产出数量和质量的指标。",
	}, noQuantityQuality},
	{Rule{
		Name:     "required_heading_empty",
		Severity: model.SeverityWarning,
		Summary:  "模板要求填写的指标标题下为空，而同期其他指标已填写",
		Doc: "对填有指标的每一期检查：一级指标“产出、效益、满意度、成本”下没有任何指标的，报该一级指标；" +
			"否则，必填的二级指标下没有指标、且本期没有同一编码的其他二级指标填有指标的，报该二级指标" +
			"（自评表把空的“经济效益指标”放在满意度指标下，编码随之为满意度，而满意度已由“服务对象满意度指标”填写，不报）。必填的二级指标是：数量、质量、时效、成本（含经济成本）、" +
			"社会效益、满意度指标。经济效益、生态效益、可持续影响、社会成本、生态环境成本指标在实际表格中常常留空，" +
			"不作要求。整期未填的（如有意留空的中期栏）不检查。处理：补充该标题下的指标，或说明不适用的理由。",
	}, requiredHeadingEmpty},
	{Rule{
		Name:     "no_quantitative_indicator",
		Severity: model.SeverityWarning,
		Summary:  "某期绩效指标没有一项定量指标",
		Doc: "填有指标的一期中，所有指标值都是定性表述（没有比较符和数值）。绩效目标应可衡量、可考核。" +
			"处理：至少为数量、质量、成本指标给出数值目标（≥、≤、= 加数值和单位）。",
	}, noQuantitativeIndicator},
	{Rule{
		Name:     "vague_target",
		Severity: model.SeverityWarning,
		Summary:  "数量、质量、时效、成本指标的目标值是模糊表述",
		Doc: "数量、质量、时效、成本（含经济成本）指标下，以及产出、成本类中未识别的二级指标下，" +
			"定性指标值中含有模糊词语（效果明显、有所提高、逐步完善、明显提升、持续提升、进一步……、及时、较好、良好等，" +
			"词表见 extract/review/vague.txt）且不含任何数字。这些指标应有可衡量的目标。" +
			"处理：改为数值目标（如 ≥95%、≤160元/人/天）或明确时限（如 2024年10月底前）。",
	}, vagueTarget},
	{Rule{
		Name:     "vague_outcome",
		Severity: model.SeverityInfo,
		Summary:  "效益、满意度等指标的目标值是模糊表述",
		Doc: "效益、满意度、社会成本、生态环境成本及投入、过程等指标下，定性指标值含有模糊词语（词表同 vague_target）且不含数字。" +
			"效益类指标常难以量化，故只作提示。处理：能量化的尽量量化（比例、人次、较基期的变化值），不能量化的写明可核验的标准。",
	}, vagueOutcome},
	{Rule{
		Name:     "impossible_value",
		Severity: model.SeverityError,
		Summary:  "满意度或比率超过 100%，或数量、金额为负数",
		Doc: "以 ≥、>、= 设定的目标中：满意度指标（单位为 %、且属满意度编码或名称含“满意度”；或未写单位、名称以“满意度”“满意率”结尾）" +
			"或比率指标（名称以“率”结尾、单位为 %，增长率、下降率等变化类除外）的目标值超过 100%（或 >100%）；" +
			"以及任何目标值为负数（变化类、温度、百分点除外）。处理：更正目标值或其单位。",
	}, impossibleValue},
	{Rule{
		Name:     "annual_over_mid_term",
		Severity: model.SeverityError,
		Summary:  "同一指标的年度目标高于中期目标",
		Doc: "两期都有、名称相同（忽略序号和空格）的指标，均为定量、单位相同、比较符均为 ≥、> 或 =，" +
			"且属可累计的数量或金额（不含 %、百分点、“/”复合单位、时长单位，以及名称为……率、满意度、比例、平均、单位、标准、年限、时间类的指标）时，" +
			"年度目标值不应大于中期目标值。处理：核对两期目标值，年度目标应是中期目标的一部分。",
	}, annualOverMidTerm},
	{Rule{
		Name:     "operator_mismatch",
		Severity: model.SeverityWarning,
		Summary:  "同一指标在中期和年度使用不同的比较符",
		Doc: "两期都有、名称相同的定量指标，中期与年度的比较符不同（如中期 ≤180元/人/天、年度 =180元/人/天）。" +
			"同一指标两期的考核方式应一致，不同往往是漏写或误写。处理：统一两期的比较符。",
	}, operatorMismatch},
	{Rule{
		Name:     "cost_over_funds",
		Severity: model.SeverityError,
		Summary:  "以元计的成本指标超过该期资金总额",
		Doc: "成本类标题下、单位为“元”、比较符为 ≤、< 或 = 的指标，其值大于该期（中期或年度）资金总额。" +
			"单位成本（元/人、元/平方米等）不在此列。处理：核对该成本的金额与单位（万元与元），或核对资金总额。",
	}, costOverFunds},
	{Rule{
		Name:     "duplicate_indicator",
		Severity: model.SeverityWarning,
		Summary:  "同一二级指标下同一指标出现两次",
		Doc: "同一期、同一二级指标下，名称相同（忽略序号、★和空格）的指标出现不止一次，第二次及以后每次报一条。" +
			"处理：删除重复的指标，或合并其目标值。",
	}, duplicateIndicator},
	{Rule{
		Name:     "cost_sum_over_funds",
		Severity: model.SeverityWarning,
		Summary:  "以元计的成本指标合计超过该期资金总额",
		Doc: "（本项目增补的规则）同一期内，单位为“元”、比较符为 ≤、< 或 = 的成本指标有两项以上，" +
			"每项都不超过该期资金总额，但合计超过。成本上限之和超过预算，说明各项成本不可能同时达到，或成本分项有误。" +
			"若成本分项之间有包含关系，可说明后忽略。处理：核对各项成本与资金总额。",
	}, costSumOverFunds},
	{Rule{
		Name:     "deadline_outside_period",
		Severity: model.SeverityWarning,
		Summary:  "时效指标的完成时限不在该期之内",
		Doc: "（本项目增补的规则）时效指标的定性值中写有年份（2024年10月底前、2024/6/28、2023.07-2024.01）时，" +
			"年度指标的年份应为表的年度（项目跨年的，可在项目起止时间之内）；中期指标的年份应在中期目标年份之内" +
			"（没有中期目标年份的，在项目起止时间之内）。无从判断该期起止的不检查。处理：核对完成时限或该期的起止年份。",
	}, deadlineOutsidePeriod},
}
