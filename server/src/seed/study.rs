//! 学习园地 for the demo county and for benchmarks: courses, a policy library, the question
//! bank and a study plan written through the study room's own repository calls (lesson
//! counts, search index), points awarded as members earn them; for benchmarks the points
//! ledger and its sums in bulk.
use app::shell::{day_of, now_ms, AppError, Backend, Db, WriteTx};
use app::study::{admin_repo, quiz, repo, CourseKind, LessonKind, QuestionKind};
use std::collections::BTreeMap;

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;
/// Shanghai is UTC+8: a Shanghai day starts at 16:00 UTC of the day before.
const SHANGHAI: i64 = 8 * 3_600_000;

struct Lesson {
    title: &'static str,
    kind: LessonKind,
    seconds: i64,
    body: &'static str,
}

struct Chapter {
    title: &'static str,
    lessons: &'static [Lesson],
}

struct Course {
    kind: CourseKind,
    title: &'static str,
    summary: &'static str,
    chapters: &'static [Chapter],
    /// The quiz of the course's first lesson.
    quiz: &'static [Question],
}

/// A question as an organizer types it: options, and the answer as letters (A, AC) or
/// 正确/错误, or accepted texts separated by "|".
struct Question {
    kind: QuestionKind,
    stem: &'static str,
    options: &'static [&'static str],
    answer: &'static str,
    explanation: &'static str,
}

const fn article(title: &'static str, seconds: i64, body: &'static str) -> Lesson {
    Lesson { title, kind: LessonKind::Article, seconds, body }
}

const fn q(kind: QuestionKind, stem: &'static str, options: &'static [&'static str], answer: &'static str, explanation: &'static str) -> Question {
    Question { kind, stem, options, answer, explanation }
}

const VIDEO_URL: &str = "https://media.example.org/dangke/01.mp4";

const COURSES: &[Course] = &[
    Course {
        kind: CourseKind::Course,
        title: "学习党章 遵守党章",
        summary: "系统学习党章的地位作用、基本结构和党员的义务权利，做到学党章、守党章、维护党章。",
        chapters: &[
            Chapter {
                title: "党章是党的根本大法",
                lessons: &[
                    article(
                        "党章：立党治党管党的总章程",
                        120,
                        "## 为什么说党章是根本大法\n\n\
党章是党的根本大法，是全党必须共同遵守的根本行为规范。它规定了党的性质和宗旨、指导思想和奋斗目标、组织原则和组织机构、党员的义务和权利以及党的纪律等根本问题。\n\n\
一名党员从递交入党申请书的那一天起，就要把党章作为学习的第一课；入党宣誓时，誓词中明确写着“遵守党的章程”。可以说，党章是每名党员一辈子都要读的书。\n\n\
## 学党章要学什么\n\n\
- **学原文**：逐章逐条通读，弄清每一条规定的含义；\n\
- **学精神**：理解党章总纲中关于党的性质、宗旨和奋斗目标的论述；\n\
- **学要求**：对照党员的八项义务查找差距，明确自己该做什么、不能做什么。\n\n\
## 结合工作用党章\n\n\
在社区和村里，党员用党章要求自己，就是在群众需要的时候站得出来。防汛值守、矛盾调解、帮扶困难群众，都是践行党章的具体行动。支部可以每季度安排一次党章专题学习，请老党员讲一讲自己当年学党章、用党章的故事。",
                    ),
                    article(
                        "党章的基本结构和主要内容",
                        60,
                        "## 总纲和十一章\n\n\
现行党章由党的二十大修改通过，分为**总纲**和**十一章**，共五十五条。总纲集中阐述党的性质、指导思想、奋斗目标和基本路线，是党章的灵魂；各章则对党员、组织制度、各级组织、干部、纪律等作出具体规定。\n\n\
## 各章讲了什么\n\n\
1. 第一章 党员：入党条件、义务权利、入党程序和预备期；\n\
2. 第二章 党的组织制度：民主集中制的基本原则；\n\
3. 第三章至第五章：党的中央组织、地方组织和基层组织；\n\
4. 第六章 党的干部；第七章 党的纪律；第八章 党的纪律检查机关；\n\
5. 第九章 党组；第十章 党和共产主义青年团的关系；第十一章 党徽党旗。\n\n\
## 基层党员重点读哪些\n\n\
对支部党员来说，第一章“党员”、第五章“党的基层组织”和第七章“党的纪律”与日常工作联系最紧密，建议反复研读，并结合“三会一课”开展讨论。",
                    ),
                    Lesson {
                        title: "视频党课：重温入党誓词",
                        kind: LessonKind::Video,
                        seconds: 180,
                        body: "本节是一段约三分钟的视频党课。老党员带领新党员面向党旗重温入党誓词，并讲述誓词中“对党忠诚，积极工作”的含义。\n\n\
观看后请思考：入党那天许下的誓言，今天自己做到了多少？",
                    },
                ],
            },
            Chapter {
                title: "党员的义务和权利",
                lessons: &[
                    article(
                        "党员必须履行的八项义务",
                        120,
                        "## 义务是党员的责任清单\n\n\
党章第三条规定了党员必须履行的八项义务。用通俗的话概括起来，大致是：\n\n\
1. 认真学习党的理论和路线方针政策，学习科学文化和业务知识，提高为人民服务的本领；\n\
2. 贯彻执行党的基本路线和方针政策，在生产、工作、学习和社会生活中起先锋模范作用；\n\
3. 坚持党和人民的利益高于一切，吃苦在前，享受在后；\n\
4. 自觉遵守党的纪律，模范遵守国家法律法规，保守党和国家的秘密；\n\
5. 维护党的团结和统一，对党忠诚老实，言行一致；\n\
6. 切实开展批评和自我批评，坚决同消极腐败现象作斗争；\n\
7. 密切联系群众，遇事同群众商量，维护群众的正当利益；\n\
8. 发扬社会主义新风尚，在困难和危险的时刻挺身而出。\n\n\
## 对照检查\n\n\
义务不是挂在墙上的标语。每年组织生活会前，支部可以请党员逐条对照这八项义务写出自己的差距和整改打算。",
                    ),
                    article(
                        "党员享有的八项权利",
                        60,
                        "## 权利同样写在党章里\n\n\
党章第四条规定了党员的八项权利，包括：参加党的有关会议、阅读党的文件、接受教育培训；参加党的政策问题的讨论；对党的工作提出建议和倡议；在党的会议上有根据地批评党的组织和党员；行使表决权、选举权和被选举权；在受到处分或鉴定时参加和进行申辩；对党的决议保留不同意见；向上级组织直至中央提出请求、申诉和控告。\n\n\
## 保障党员权利是组织的责任\n\n\
党的各级组织必须严格执行和维护党员权利，不得侵犯。支部召开党员大会讨论重要事项时，要提前通知、充分讨论，让每名党员都有表达意见的机会。\n\n\
> 预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。",
                    ),
                ],
            },
        ],
        quiz: &[
            q(QuestionKind::Single, "现行党章除总纲外，共有多少章？", &["九章", "十章", "十一章", "十二章"], "C", "党的二十大修改通过的党章由总纲和十一章组成，共五十五条。"),
            q(
                QuestionKind::Multiple,
                "下列哪些属于党章规定的党员义务？",
                &["认真学习党的理论和路线方针政策", "自觉遵守党的纪律", "密切联系群众，维护群众的正当利益", "只对上级负责，不必听取群众意见"],
                "ABC",
                "党章第三条规定党员要学习、守纪、联系群众；只对上级负责、脱离群众恰恰违背了党员义务。",
            ),
            q(QuestionKind::Judge, "党章是党的根本大法，是全党必须共同遵守的根本行为规范。", &[], "正确", "这是对党章地位作用的基本概括。"),
        ],
    },
    Course {
        kind: CourseKind::Course,
        title: "严格落实“三会一课”制度",
        summary: "讲清“三会一课”的内容、频次和组织方法，帮助支部把组织生活开经常、开认真、开严肃。",
        chapters: &[
            Chapter {
                title: "制度要求",
                lessons: &[
                    article(
                        "什么是“三会一课”",
                        60,
                        "## 三会和一课\n\n\
“三会一课”是党的组织生活的基本制度。“三会”是指**支部党员大会、支部委员会会议和党小组会**，“一课”是指**按时上好党课**。\n\n\
## 频次要求\n\n\
按照党支部工作的有关规定：\n\n\
- 党员大会一般每季度召开 1 次；\n\
- 支部委员会会议一般每月召开 1 次；\n\
- 党小组会一般每月召开 1 次；\n\
- 党课一般每季度 1 次，党支部书记每年至少为党员讲 1 次党课。\n\n\
## 为什么要坚持\n\n\
组织生活是党员政治生活的“加油站”。会开得经常、开得认真，党员就有归属感，支部就有凝聚力。反过来，会议长期不开或者走过场，支部就容易涣散。",
                    ),
                    article(
                        "支部党员大会和支部委员会会议",
                        120,
                        "## 党员大会：支部的最高决策\n\n\
党员大会是党支部的议事决策机构，由全体党员参加。讨论发展党员、预备党员转正、评议党员、选举支部委员会等重要事项，都必须提交党员大会。\n\n\
开好党员大会要做到三点：**会前**把议题和材料提前告知党员；**会中**充分讨论、按规定表决；**会后**形成决议并抓好落实。\n\n\
## 支部委员会会议：日常工作的指挥部\n\n\
支部委员会会议由支部书记召集，研究落实上级部署、安排支部月度工作、讨论需要提交党员大会的事项。委员之间要分工明确，会上既讲成绩也讲问题。\n\n\
## 常见问题\n\n\
有的支部以工作例会代替支委会，有的党员大会只传达不讨论。这些做法都要纠正：组织生活要有“党味”，议题要和支部建设、服务群众紧密相关。",
                    ),
                ],
            },
            Chapter {
                title: "规范开展",
                lessons: &[
                    article(
                        "党小组会和党课怎么组织",
                        120,
                        "## 党小组会：小而实\n\n\
党小组是支部联系党员的“神经末梢”。党小组会人少、时间灵活，适合学习交流、谈心谈话、了解党员思想动态。村里的党小组可以按网格或自然村划分，方便就近开会。\n\n\
## 党课：身边人讲身边事\n\n\
党课不一定都由书记讲。可以请老党员讲入党经历，请致富带头人讲创业故事，请驻村干部讲政策变化。讲课前要认真备课，讲完后留出时间互动。\n\n\
## 小技巧\n\n\
- 提前一周确定主讲人和题目；\n\
- 行动不便的老党员，可以送学上门或线上参加；\n\
- 把党课内容和学习园地的课程结合起来，课后布置一节线上学习。",
                    ),
                    article(
                        "主题党日与会议记录",
                        60,
                        "## 主题党日\n\n\
党支部每月相对固定 1 天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务。主题党日可以和“三会一课”结合起来开展，但不能互相替代。\n\n\
## 记录要真实完整\n\n\
每次会议都要有记录：时间、地点、主持人、出席和缺席情况、议题、发言要点和形成的决定。记录要当场记、如实记，不能会后补写。会议记录本和相关材料按年度整理归档，便于上级检查和支部回顾。",
                    ),
                ],
            },
        ],
        quiz: &[
            q(QuestionKind::Single, "“三会一课”中的“一课”是指：", &["党课", "团课", "业务培训课", "法治讲座"], "A", "“一课”是指按时上好党课。"),
            q(
                QuestionKind::Multiple,
                "“三会一课”中的“三会”包括：",
                &["支部党员大会", "支部委员会会议", "党小组会", "职工代表大会"],
                "ABC",
                "“三会”是支部党员大会、支部委员会会议和党小组会；职工代表大会不属于党的组织生活。",
            ),
            q(QuestionKind::Judge, "党支部委员会会议一般每季度召开一次。", &[], "错误", "支部委员会会议一般每月召开 1 次；每季度召开 1 次的是党员大会。"),
        ],
    },
    Course {
        kind: CourseKind::Course,
        title: "全心全意为人民服务 推进基层治理",
        summary: "从党的根本宗旨讲到网格化管理、“四议两公开”和矛盾纠纷化解，学习基层党员服务群众的方法。",
        chapters: &[
            Chapter {
                title: "党的根本宗旨",
                lessons: &[
                    article(
                        "为人民服务的由来和内涵",
                        120,
                        "## 一篇讲演\n\n\
1944 年 9 月，毛泽东同志在张思德同志的追悼会上发表了题为《为人民服务》的讲演。张思德是一名普通战士，在烧炭时因炭窑崩塌牺牲。讲演指出，为人民利益而死，就比泰山还重。\n\n\
## 写进党章的宗旨\n\n\
全心全意为人民服务是党的根本宗旨。党章总纲明确：党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益。\n\n\
## 在基层怎么做\n\n\
为人民服务不是空话，就落在一件件小事里：帮独居老人代购药品，为外出务工家庭看护孩子，把群众反映的路灯、积水问题及时报给社区。**把群众的小事当成大事来办**，群众就会把党员当成自家人。",
                    ),
                    article(
                        "坚持走好新时代党的群众路线",
                        60,
                        "## 群众路线的内容\n\n\
党的群众路线是：**一切为了群众，一切依靠群众，从群众中来，到群众中去**。它是党的生命线和根本工作路线。\n\n\
## 基层的几种做法\n\n\
- **走访**：党员定期入户，听听群众的难处；\n\
- **议事**：小区改造、村里修路，先开议事会征求意见；\n\
- **反馈**：问题办没办、办得怎么样，要给群众一个答复。\n\n\
群众满意不满意，是检验工作的最终标准。",
                    ),
                ],
            },
            Chapter {
                title: "基层治理实践",
                lessons: &[
                    article(
                        "网格化管理与党员联系户",
                        120,
                        "## 把支部建在网格上\n\n\
许多社区把辖区划分为若干网格，每个网格建立党小组或明确一名党员网格长。网格长熟悉每户情况，发现问题第一时间上报、第一时间处理。\n\n\
## 党员联系户\n\n\
每名党员联系若干户群众，做到“家庭情况清、困难诉求清、思想动态清”。联系户有红白喜事、突发困难，党员要到场问一问、帮一帮。\n\n\
## 注意事项\n\n\
联系群众要有记录，但不能只留痕不办事；对年纪大、身体差的党员，安排的联系户要少一些，重在发挥作用。",
                    ),
                    article(
                        "“四议两公开”工作法",
                        180,
                        "## 四议\n\n\
村里的重大事项，按照下面的步骤决策：\n\n\
1. 村党组织提议；\n\
2. 村“两委”会议商议；\n\
3. 党员大会审议；\n\
4. 村民会议或者村民代表会议决议。\n\n\
## 两公开\n\n\
**决议公开**，**实施结果公开**。公开可以通过村务公开栏、村民微信群和广播等方式，让群众看得到、看得懂。\n\n\
## 为什么管用\n\n\
这套方法把党的领导和村民自治结合起来：党组织把方向，党员带头表态，群众当家作主。修路、土地流转、集体收益分配等事项按程序办，群众心里服气，矛盾也就少了。",
                    ),
                    article(
                        "矛盾纠纷就地化解",
                        60,
                        "## 枫桥经验\n\n\
“枫桥经验”形成于浙江诸暨枫桥镇，核心是依靠群众就地化解矛盾，做到“小事不出村，大事不出镇，矛盾不上交”。\n\n\
## 党员能做什么\n\n\
邻里纠纷、土地边界、赡养老人，这些矛盾大多发生在身边。党员要主动当调解员：先听双方把话说完，再讲政策、讲道理、讲情分，必要时请村调委会和司法所帮助。化解之后要回访，防止矛盾反弹。",
                    ),
                ],
            },
        ],
        quiz: &[
            q(QuestionKind::Single, "《为人民服务》是毛泽东同志在哪位同志的追悼会上发表的讲演？", &["张思德", "白求恩", "雷锋", "焦裕禄"], "A", "1944 年 9 月，毛泽东同志在张思德同志的追悼会上发表了《为人民服务》的讲演。"),
            q(
                QuestionKind::Multiple,
                "党的群众路线包括：",
                &["一切为了群众", "一切依靠群众", "从群众中来，到群众中去", "一切以上级指示为准"],
                "ABC",
                "党的群众路线是：一切为了群众，一切依靠群众，从群众中来，到群众中去。",
            ),
            q(QuestionKind::Judge, "党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益。", &[], "正确", "这是党章总纲的明确规定。"),
        ],
    },
    Course {
        kind: CourseKind::Policy,
        title: "党内法规学习文件库",
        summary: "支部建设、党员教育管理和纪律建设方面常用党内法规的要点解读，供支部学习时查阅。",
        chapters: &[Chapter {
            title: "党内法规要点",
            lessons: &[
                article(
                    "《中国共产党支部工作条例（试行）》要点",
                    120,
                    "## 党支部的定位\n\n\
党支部是党的基础组织，是党组织开展工作的基本单元，是党在社会基层组织中的战斗堡垒。\n\n\
## 设置\n\n\
- 有正式党员 3 人以上的，应当成立党支部；\n\
- 正式党员 7 人以上的党支部，应当设立支部委员会；\n\
- 党支部党员人数一般不超过 50 人。\n\n\
## 组织生活\n\n\
条例对“三会一课”、主题党日、组织生活会、谈心谈话和民主评议党员作出了规定：组织生活会和民主评议党员一般每年开展 1 次，主题党日每月相对固定 1 天。",
                ),
                article(
                    "《中国共产党党员教育管理工作条例》要点",
                    120,
                    "## 教育什么\n\n\
党员教育的内容包括政治理论、党章党规党纪、党的宗旨、革命传统、形势政策和知识技能等。\n\n\
## 怎么教育\n\n\
党员每年集中学习培训时间一般不少于 32 学时。可以采取集中学习、专题培训、实践锻炼、网络学习等方式，对老弱病残和行动不便的党员，要送学上门。\n\n\
## 怎么管理\n\n\
做好党员组织关系管理、流动党员管理和党费收缴；对生活困难党员和老党员，党组织要经常关心，帮助解决实际困难。",
                ),
                article(
                    "《中国共产党纪律处分条例》要点",
                    120,
                    "## 六项纪律\n\n\
条例以党章为根本遵循，围绕**政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律**作出规定。\n\n\
## 五种处分\n\n\
对党员的纪律处分有五种：警告、严重警告、撤销党内职务、留党察看、开除党籍。留党察看最长不超过两年；受到开除党籍处分的，五年内不得重新入党。\n\n\
## 抓早抓小\n\n\
运用监督执纪“四种形态”，经常开展批评和自我批评、约谈函询，让“红红脸、出出汗”成为常态，防止小问题演变成大问题。",
                ),
            ],
        }],
        quiz: &[],
    },
];

/// The bank of the county: the daily and challenge quizzes draw from it.
const BANK: &[Question] = &[
    q(QuestionKind::Single, "中国共产党的最高理想和最终目标是：", &["实现共产主义", "全面建成小康社会", "基本实现现代化", "消除城乡差别"], "A", "党章总纲：党的最高理想和最终目标是实现共产主义。"),
    q(QuestionKind::Single, "预备党员的预备期为：", &["半年", "一年", "两年", "三年"], "B", "党章第七条：预备党员的预备期为一年。"),
    q(QuestionKind::Single, "申请加入中国共产党的，应当年满：", &["十六岁", "十七岁", "十八岁", "二十岁"], "C", "党章第一条：年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子，可以申请加入中国共产党。"),
    q(
        QuestionKind::Single,
        "党员没有正当理由，连续多长时间不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党？",
        &["三个月", "六个月", "九个月", "一年"],
        "B",
        "党章第九条规定为连续六个月。",
    ),
    q(QuestionKind::Single, "下列纪律处分中最重的是：", &["警告", "撤销党内职务", "留党察看", "开除党籍"], "D", "开除党籍是党内的最高处分。"),
    q(QuestionKind::Single, "留党察看最长不超过：", &["一年", "两年", "三年", "五年"], "B", "党章规定：留党察看最长不超过两年。"),
    q(QuestionKind::Single, "党的根本组织原则是：", &["民主集中制", "集体领导", "党管干部", "分级负责"], "A", "民主集中制是党的根本组织原则和领导制度。"),
    q(QuestionKind::Single, "中国共产党成立于：", &["1919 年", "1921 年", "1927 年", "1949 年"], "B", "1921 年 7 月，党的第一次全国代表大会召开，宣告中国共产党成立。"),
    q(QuestionKind::Single, "党支部开展主题党日，一般每月相对固定：", &["1 天", "2 天", "3 天", "不作要求"], "A", "主题党日每月相对固定 1 天。"),
    q(QuestionKind::Single, "凡是有正式党员多少人以上的单位，都应当成立党的基层组织？", &["三人", "五人", "七人", "十人"], "A", "党章第三十条：有正式党员三人以上的，都应当成立党的基层组织。"),
    q(QuestionKind::Multiple, "党的三大优良作风是：", &["理论联系实际", "密切联系群众", "批评与自我批评", "循规蹈矩"], "ABC", "理论联系实际、密切联系群众、批评与自我批评是党的三大优良作风。"),
    q(
        QuestionKind::Multiple,
        "对党员的纪律处分包括：",
        &["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍", "降级"],
        "ABCDE",
        "党纪处分有警告、严重警告、撤销党内职务、留党察看、开除党籍五种；降级是政务处分。",
    ),
    q(QuestionKind::Multiple, "“四个意识”是指：", &["政治意识", "大局意识", "核心意识", "看齐意识", "忧患意识"], "ABCD", "“四个意识”即政治意识、大局意识、核心意识、看齐意识。"),
    q(QuestionKind::Multiple, "“四个自信”是指：", &["道路自信", "理论自信", "制度自信", "文化自信", "能力自信"], "ABCD", "“四个自信”即中国特色社会主义道路自信、理论自信、制度自信、文化自信。"),
    q(
        QuestionKind::Multiple,
        "发展党员工作中，入党申请人一般要经过哪些阶段？",
        &["确定为入党积极分子", "确定为发展对象", "接收为预备党员", "不经考察直接转为正式党员"],
        "ABC",
        "发展党员要经过入党积极分子、发展对象、预备党员等阶段，预备期满经支部大会讨论才能转为正式党员。",
    ),
    q(QuestionKind::Multiple, "“四议两公开”中的“两公开”是指：", &["决议公开", "实施结果公开", "个人收入公开", "家庭住址公开"], "AB", "两公开即决议公开、实施结果公开。"),
    q(
        QuestionKind::Multiple,
        "下列属于党支部组织生活制度的有：",
        &["“三会一课”", "主题党日", "组织生活会", "民主评议党员", "由党员自行决定是否参加"],
        "ABCD",
        "“三会一课”、主题党日、组织生活会、民主评议党员都是党支部的组织生活制度，党员必须参加。",
    ),
    q(QuestionKind::Multiple, "下列属于“六项纪律”的有：", &["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "财务纪律"], "ABCD", "六项纪律是政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律。"),
    q(QuestionKind::Judge, "预备党员享有表决权、选举权和被选举权。", &[], "错误", "预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。"),
    q(QuestionKind::Judge, "党员对党的决议和政策如有不同意见，在坚决执行的前提下，可以声明保留。", &[], "正确", "这是党章第四条规定的党员权利之一。"),
    q(QuestionKind::Judge, "党支部书记每年至少为党员讲 1 次党课。", &[], "正确", "支部书记带头讲党课是“三会一课”的要求。"),
    q(QuestionKind::Judge, "组织生活会一般每年召开 1 次。", &[], "正确", "组织生活会一般每年召开 1 次，也可根据需要随时召开。"),
    q(QuestionKind::Judge, "党员领导干部不需要参加所在支部的组织生活。", &[], "错误", "党员领导干部要以普通党员身份参加所在党支部的组织生活（双重组织生活）。"),
    q(QuestionKind::Judge, "党员应当按照规定交纳党费。", &[], "正确", "按规定交纳党费是党员的义务，也是党员党性观念的体现。"),
    q(QuestionKind::Judge, "“枫桥经验”起源于浙江省诸暨市枫桥镇。", &[], "正确", "“枫桥经验”诞生于 20 世纪 60 年代初的浙江诸暨枫桥镇。"),
    q(QuestionKind::Judge, "支部党员大会一般每月召开 1 次。", &[], "错误", "党员大会一般每季度召开 1 次；每月召开的是支部委员会会议和党小组会。"),
    q(QuestionKind::Judge, "受到开除党籍处分的，五年内不得重新入党。", &[], "正确", "纪律处分条例规定，受到开除党籍处分的，五年内不得重新入党。"),
    q(QuestionKind::Fill, "党的根本宗旨是全心全意为____服务。", &[], "人民", "全心全意为人民服务是党的根本宗旨。"),
    q(QuestionKind::Fill, "“三会一课”中的“一课”是指按时上好____。", &[], "党课", "“一课”即党课。"),
    q(QuestionKind::Fill, "党的群众路线：一切为了群众，一切依靠群众，从群众中来，____。", &[], "到群众中去", "群众路线的完整表述。"),
    q(QuestionKind::Fill, "中国共产党人的初心和使命，就是为中国人民谋幸福，为中华民族谋____。", &[], "复兴|民族复兴", "为中国人民谋幸福，为中华民族谋复兴。"),
    q(QuestionKind::Fill, "党的基层组织是党在社会基层组织中的____。", &[], "战斗堡垒", "党章第五章：党的基层组织是党在社会基层组织中的战斗堡垒。"),
    q(QuestionKind::Fill, "入党誓词的最后一句是“永不____”。", &[], "叛党", "入党誓词以“永不叛党”结尾。"),
];

// ---------------------------------------------------------------- writing content

/// A lesson as written, in reading order.
struct Written {
    id: i64,
    course: i64,
    title: &'static str,
    seconds: i64,
    quiz: bool,
}

async fn user_id(db: &Db, username: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM auth_users WHERE username = $1").bind(username).fetch_one(db.pool()).await?)
}

async fn org_id(db: &Db, name: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM org_organizations WHERE name = $1").bind(name).fetch_one(db.pool()).await?)
}

/// A question checked and stored as the console does (letters become option numbers).
async fn write_question(tx: &mut WriteTx, org: i64, lesson: Option<i64>, q: &Question, by: i64, at: i64) -> Result<i64, AppError> {
    let options: Vec<String> = q.options.iter().map(|o| o.to_string()).collect();
    let (options, answer) = quiz::check_question(q.kind, q.stem, &options, q.answer)?;
    let input = admin_repo::QuestionInput { org, lesson, kind: q.kind, stem: q.stem, options: &options, answer: &answer, explanation: q.explanation };
    admin_repo::insert_question(tx, &input, by, at).await
}

/// A published course with its chapters, lessons (rendered and indexed as the console
/// does) and the quiz of its first lesson. Answers its lessons in reading order.
async fn write_course(tx: &mut WriteTx, org: i64, c: &Course, by: i64, at: i64) -> Result<Vec<Written>, AppError> {
    let course = admin_repo::save_course(tx, None, org, c.kind, c.title, c.summary, true, at, by, at).await?;
    let mut written: Vec<Written> = Vec::new();
    for ch in c.chapters {
        let chapter = admin_repo::save_chapter(tx, course, None, ch.title).await?;
        for l in ch.lessons {
            let html = app::forum::text::render(l.body, &Default::default());
            let media_url = if l.kind == LessonKind::Video { VIDEO_URL } else { "" };
            let input = admin_repo::LessonInput { chapter, title: l.title, kind: l.kind, body: l.body, html: &html, media_url, required_seconds: l.seconds };
            let id = admin_repo::save_lesson(tx, course, None, &input, at).await?;
            repo::index_lesson(tx, id, l.title, l.body).await?;
            let quiz = written.is_empty() && !c.quiz.is_empty();
            written.push(Written { id, course, title: l.title, seconds: l.seconds, quiz });
        }
    }
    if let Some(first) = written.first() {
        for q in c.quiz {
            write_question(tx, org, Some(first.id), q, by, at).await?;
        }
    }
    Ok(written)
}

/// Every course and the bank, published by `org` at `at`; answers the lessons.
async fn write_content(db: &Db, org: i64, by: i64, at: i64) -> Result<Vec<Written>, AppError> {
    let mut tx = db.write_tx().await?;
    let mut lessons = Vec::new();
    for (i, c) in COURSES.iter().enumerate() {
        // An hour apart: the newest course is listed first.
        lessons.extend(write_course(&mut tx, org, c, by, at + i as i64 * 60 * MINUTE).await?);
    }
    for q in BANK {
        write_question(&mut tx, org, None, q, by, at).await?;
    }
    tx.commit().await?;
    Ok(lessons)
}

/// A small deterministic random source (SplitMix64): the same seed, the same data.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Self {
        Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D_4C95_7F2D)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0 ≤ n < `bound`.
    fn below(&mut self, bound: i64) -> i64 {
        (self.next() % bound.max(1) as u64) as i64
    }
    fn chance(&mut self, percent: i64) -> bool {
        self.below(100) < percent
    }
}

/// Where a member's points count: their branch, and the top organization of its path.
async fn home_of(db: &Db, username: &str) -> Result<(i64, repo::PointsHome), AppError> {
    let (id, branch, path): (i64, i64, String) =
        sqlx::query_as("SELECT u.id, u.org_id, o.path FROM auth_users u JOIN org_organizations o ON o.id = u.org_id WHERE u.username = $1")
            .bind(username)
            .fetch_one(db.pool())
            .await?;
    Ok((id, repo::PointsHome { branch_id: branch, county_id: county_of(&path).unwrap_or(branch) }))
}

fn county_of(path: &str) -> Option<i64> {
    path.split('/').find_map(|s| s.parse().ok())
}

// ---------------------------------------------------------------- the demo county

/// Accounts the tests start from with nothing studied: `member` and these.
const UNTOUCHED: &[&str] = &["dy0025", "dy0037", "dy0049", "dy0061"];
/// Members dy0001 to dy0044 (but [`UNTOUCHED`]) have studied over the last three weeks.
const STUDIED: usize = 44;
const HISTORY_DAYS: i64 = 21;

/// The demo's study portal: three courses and a policy library by the county committee,
/// a bank of 33 questions, a plan of 城关镇党委 for its subtree due in 30 days, and three
/// weeks of reading, lessons and points of 42 members (no daily quiz attempts). Answers
/// the lessons written.
pub async fn demo(db: &Db) -> Result<usize, AppError> {
    let now = now_ms();
    let admin = user_id(db, "admin").await?;
    let county = org_id(db, "清溪县委").await?;
    let town = org_id(db, "城关镇党委").await?;
    let lessons = write_content(db, county, admin, now - 28 * DAY).await?;
    let first_course = lessons[0].course;

    let mut tx = db.write_tx().await?;
    admin_repo::insert_plan(&mut tx, town, "“学党章 守党规”集中学习", now + 30 * DAY, &[first_course], &[town], &[], admin, now - 2 * DAY).await?;
    tx.commit().await?;

    let mut studied = Vec::new();
    for n in 1..=STUDIED {
        let username = format!("dy{n:04}");
        if !UNTOUCHED.contains(&username.as_str()) {
            studied.push(home_of(db, &username).await?);
        }
    }
    let mut tx = db.write_tx().await?;
    for (user, home) in studied {
        study_history(&mut tx, user, home, &lessons, now).await?;
    }
    tx.commit().await?;
    Ok(lessons.len())
}

/// Three weeks of one member: on the days they come, the login point, often a lesson
/// read in order (minutes, completion, the lesson quiz passed) and, on past days, the
/// daily and challenge quiz points. Everything through the app's own calls.
async fn study_history(tx: &mut WriteTx, user: i64, home: repo::PointsHome, lessons: &[Written], now: i64) -> Result<(), AppError> {
    let mut dice = Dice::new(user as u64);
    let zeal = 30 + dice.below(60);
    let today = day_of(now);
    let mut next = 0usize;
    // Seconds already read of the lesson `next`, when it was left unfinished.
    let mut read = 0i64;
    for back in (0..HISTORY_DAYS).rev() {
        if !dice.chance(zeal) {
            continue;
        }
        let day = today - back;
        let start = day * DAY - SHANGHAI;
        let mut at = start + 7 * 60 * MINUTE + dice.below(12 * 60) * MINUTE;
        if back == 0 {
            // Today: done by now, and not before midnight.
            if now - start < 45 * MINUTE {
                continue;
            }
            at = at.min(now - 40 * MINUTE);
        }
        repo::award(tx, user, home, "login", 1, "", at).await?;
        // About half of the visits read a lesson, a few two.
        let reads = if dice.chance(55) { 1 + dice.chance(20) as usize } else { 0 };
        for _ in 0..reads {
            let Some(l) = lessons.get(next) else { break };
            at += dice.below(3) * MINUTE + 1000;
            repo::touch_progress(tx, user, l.id, l.course, at).await?;
            // One visit in eight ends before the lesson's time is read.
            let seconds = if dice.chance(12) { (l.seconds - read) / 2 + 10 } else { l.seconds - read + 20 + dice.below(200) };
            at += seconds * 1000;
            repo::add_seconds(tx, user, l.id, seconds, at).await?;
            let minutes = (read + seconds) / 60 - read / 60;
            if minutes > 0 {
                repo::award(tx, user, home, "reading", minutes, l.title, at).await?;
            }
            read += seconds;
            if read < l.seconds {
                break;
            }
            if l.quiz {
                repo::set_quiz_passed(tx, user, l.id).await?;
            }
            if repo::complete(tx, user, l.id, at).await? {
                repo::award(tx, user, home, "lesson", 1, l.title, at).await?;
            }
            next += 1;
            read = 0;
        }
        if back > 0 && dice.chance(60) {
            at += (2 + dice.below(5)) * MINUTE;
            repo::award(tx, user, home, "daily_quiz", 2 + dice.below(4), "", at).await?;
        }
        if back > 0 && dice.chance(30) {
            at += (2 + dice.below(5)) * MINUTE;
            repo::award(tx, user, home, "challenge", 1 + dice.below(8), "", at).await?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- benchmarks

/// Ledger rows per member at scale: 10 000 000 for the benchmark's 100 000 members.
const ROWS_PER_MEMBER: u64 = 100;
/// Days the benchmark's points are spread over, up to today.
const SCALE_DAYS: i64 = 60;
/// Rows of one INSERT statement, and people of one transaction. On SQLite, sqlx looks up
/// each parameter's name in a list of them, which is linear: statements of thousands of
/// parameters spent most of their time there. PostgreSQL wants fewer round trips.
const fn rows_per_insert(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 25,
        Backend::Postgres => 500,
    }
}
const PEOPLE_PER_TX: usize = 1000;
/// At most one login, six reading minutes, five lessons, one daily quiz and two
/// challenges a day: within every daily cap of the default rules.
const MOST_A_DAY: usize = 12;

struct Person {
    id: i64,
    branch: i64,
    county: i64,
}

struct Award {
    user: i64,
    action: &'static str,
    points: i64,
    day: i64,
    note: &'static str,
    at: i64,
}

/// The benchmark's study portal: the demo courses, policy library and bank published by
/// the first scale county, and the points of every scale member (`s1`, `s2`, … and
/// `bench-member`) over the last 60 days: `100 × members` ledger rows in all, with the
/// per-day and per-period sums the app would have kept, computed here and written with
/// multi-row INSERTs (awarding them one by one would take hours). Answers the ledger rows.
pub async fn scale(db: &Db, members: u64) -> Result<u64, AppError> {
    let started = std::time::Instant::now();
    let now = now_ms();
    let admin = user_id(db, "bench-admin").await?;
    let county: i64 = sqlx::query_scalar("SELECT MIN(id) FROM org_organizations WHERE parent_id IS NULL AND name LIKE '规模测试%'")
        .fetch_one(db.pool())
        .await?;
    let lessons = write_content(db, county, admin, now - 30 * DAY).await?;

    // The benchmark member has begun the first lesson of each course.
    let (me, _) = home_of(db, "bench-member").await?;
    let mut tx = db.write_tx().await?;
    for l in lessons.iter().filter(|l| l.quiz) {
        repo::touch_progress(&mut tx, me, l.id, l.course, now - 90 * MINUTE).await?;
        repo::add_seconds(&mut tx, me, l.id, 45, now - 89 * MINUTE).await?;
    }
    tx.commit().await?;

    let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT u.id, u.username, u.org_id, o.path FROM auth_users u JOIN org_organizations o ON o.id = u.org_id
         WHERE u.kind = 'member' AND (u.username LIKE 's%' OR u.username = 'bench-member') ORDER BY u.id",
    )
    .fetch_all(db.pool())
    .await?;
    let people: Vec<Person> = rows
        .into_iter()
        .filter(|r| r.1 == "bench-member" || r.1.strip_prefix('s').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
        .map(|r| Person { id: r.0, branch: r.2, county: county_of(&r.3).unwrap_or(r.2) })
        .collect();
    let counts = row_counts(&people, ROWS_PER_MEMBER * members);
    let notes: Vec<&'static str> = lessons.iter().map(|l| l.title).collect();
    let today = day_of(now);
    let periods: Vec<[String; 4]> = (0..SCALE_DAYS).map(|back| repo::periods(today - back)).collect();
    let per = rows_per_insert(db.backend());
    let mut written = 0u64;
    for (chunk, counts) in people.chunks(PEOPLE_PER_TX).zip(counts.chunks(PEOPLE_PER_TX)) {
        let mut ledger: Vec<Award> = Vec::new();
        let mut days: Vec<(i64, i64, &'static str, i64)> = Vec::new();
        let mut totals: Vec<(i64, &str, i64, i64, i64)> = Vec::new();
        for (p, &count) in chunk.iter().zip(counts) {
            let first = ledger.len();
            awards_of(p, count, today, now, &notes, &mut ledger);
            // The sums `repo::award` keeps: per day and action, per period.
            let mut by_day: BTreeMap<(i64, &'static str), i64> = BTreeMap::new();
            let mut by_period: BTreeMap<&str, i64> = BTreeMap::new();
            for a in &ledger[first..] {
                *by_day.entry((a.day, a.action)).or_default() += a.points;
                for key in &periods[(today - a.day) as usize] {
                    *by_period.entry(key.as_str()).or_default() += a.points;
                }
            }
            days.extend(by_day.into_iter().map(|((day, action), points)| (p.id, day, action, points)));
            totals.extend(by_period.into_iter().map(|(period, points)| (p.id, period, p.branch, p.county, points)));
        }
        let mut tx = db.write_tx().await?;
        insert_many(&mut tx, "study_points (user_id, action, points, day, note, created_at)", 6, per, &ledger, |q, a| {
            q.bind(a.user).bind(a.action).bind(a.points).bind(a.day).bind(a.note).bind(a.at)
        })
        .await?;
        insert_many(&mut tx, "study_point_days (user_id, day, action, points)", 4, per, &days, |q, d| q.bind(d.0).bind(d.1).bind(d.2).bind(d.3)).await?;
        insert_many(&mut tx, "study_point_totals (user_id, period, branch_id, county_id, points)", 5, per, &totals, |q, t| {
            q.bind(t.0).bind(t.1).bind(t.2).bind(t.3).bind(t.4)
        })
        .await?;
        tx.commit().await?;
        written += ledger.len() as u64;
    }
    // PostgreSQL plans by statistics, and autovacuum may not have gathered them yet.
    // (SQLite plans these queries by their indexes alone; an ANALYZE there would change
    // the plans of every other room too.)
    if db.backend() == Backend::Postgres {
        sqlx::query("ANALYZE study_points, study_point_days, study_point_totals").execute(db.pool()).await?;
    }
    tracing::info!(rows = written, seconds = started.elapsed().as_secs_f32(), "study points ledger written");
    Ok(written)
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// INSERTs `rows` into `table (columns)` with statements of `per` rows of `width` values
/// each (one prepared statement for all but the last).
async fn insert_many<T>(
    tx: &mut WriteTx,
    table: &str,
    width: usize,
    per: usize,
    rows: &[T],
    bind: impl for<'q> Fn(AnyQuery<'q>, &'q T) -> AnyQuery<'q>,
) -> Result<(), AppError> {
    let sql = |n: usize| {
        let values: Vec<String> = (0..n).map(|r| format!("({})", app::shell::placeholders(r * width + 1, width))).collect();
        format!("INSERT INTO {table} VALUES {}", values.join(", "))
    };
    let full = sql(per);
    for chunk in rows.chunks(per) {
        let last;
        let text = if chunk.len() == per {
            &full
        } else {
            last = sql(chunk.len());
            &last
        };
        let mut q = sqlx::query(text);
        for row in chunk {
            q = bind(q, row);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Ledger rows per person: from 50 to 150 (some study more than others), `total` in all.
fn row_counts(people: &[Person], total: u64) -> Vec<usize> {
    let mut counts: Vec<usize> = people.iter().map(|p| 50 + Dice::new(p.id as u64 ^ 0xA5A5).below(101) as usize).collect();
    if counts.is_empty() {
        return counts;
    }
    let most = MOST_A_DAY * SCALE_DAYS as usize;
    let total = (total as usize).min(most * counts.len());
    let mut sum: usize = counts.iter().sum();
    let mut i = 0;
    while sum != total {
        let c = &mut counts[i % people.len()];
        if sum < total && *c < most {
            *c += 1;
            sum += 1;
        } else if sum > total && *c > 0 {
            *c -= 1;
            sum -= 1;
        }
        i += 1;
    }
    counts
}

/// `count` awards of one person over the last [`SCALE_DAYS`] days, oldest first, each day
/// within the daily caps: a login, then reading minutes, lessons, the daily quiz and
/// challenges a few minutes apart.
fn awards_of(p: &Person, count: usize, today: i64, now: i64, notes: &[&'static str], out: &mut Vec<Award>) {
    if count == 0 {
        return;
    }
    let mut dice = Dice::new(p.id as u64);
    // Two to six awards on a day they come: the keen come less often but stay longer.
    let per_day = 2 + dice.below(5) as usize;
    let active = count.div_ceil(per_day).clamp(count.div_ceil(MOST_A_DAY), SCALE_DAYS as usize);
    let mut backs: Vec<i64> = (0..SCALE_DAYS).collect();
    for i in 0..active {
        let j = i + dice.below((SCALE_DAYS as usize - i) as i64) as usize;
        backs.swap(i, j);
    }
    let mut backs = backs[..active].to_vec();
    backs.sort_unstable_by(|a, b| b.cmp(a));
    // One award a day each, then the rest where there is room.
    let mut per: Vec<usize> = vec![1; active];
    for _ in active..count {
        let mut d = dice.below(active as i64) as usize;
        while per[d] >= MOST_A_DAY {
            d = (d + 1) % active;
        }
        per[d] += 1;
    }
    for (back, n) in backs.into_iter().zip(per) {
        let day = today - back;
        let start = day * DAY - SHANGHAI;
        let span = n as i64 * 15 * MINUTE;
        let mut at = if back == 0 {
            (now - span - dice.below(60) * MINUTE).max(start)
        } else {
            start + 7 * 60 * MINUTE + dice.below(12 * 60) * MINUTE
        };
        let (mut reading, mut lessons, mut daily, mut challenges, mut challenge_points) = (0, 0, 0, 0, 0);
        for k in 0..n {
            let (action, points, note) = if k == 0 {
                ("login", 1, "")
            } else {
                // Weighted among the actions with room left today.
                let room = [(reading < 6) as i64 * 5, (lessons < 5) as i64 * 2, (daily < 1) as i64, (challenges < 2) as i64];
                let mut pick = dice.below(room.iter().sum());
                let mut which = 0;
                while pick >= room[which] {
                    pick -= room[which];
                    which += 1;
                }
                let note = notes[dice.below(notes.len() as i64) as usize];
                match which {
                    0 => {
                        reading += 1;
                        ("reading", 1, note)
                    }
                    1 => {
                        lessons += 1;
                        ("lesson", 2, note)
                    }
                    2 => {
                        daily += 1;
                        ("daily_quiz", 1 + dice.below(5), "")
                    }
                    _ => {
                        challenges += 1;
                        let points = if challenges == 1 { 1 + dice.below(4) } else { 1 + dice.below(6 - challenge_points) };
                        challenge_points += points;
                        ("challenge", points, "")
                    }
                }
            };
            out.push(Award { user: p.id, action, points, day, note, at: at.min(now - 1000).max(start) });
            at += (1 + dice.below(14)) * MINUTE;
        }
    }
}
