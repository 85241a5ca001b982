using System.Globalization;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// The words of the demo: commentators' names and units, story titles, the outlets' URL forms and the
/// provincial ranking of 2014 Q3. Everything here is invented; the URLs are data only and never fetched.
/// </summary>
internal static class DemoCatalog
{
    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "董", "程", "曹", "袁", "邓", "许", "沈", "曾", "彭", "吕", "柯", "桂", "熊",
    ];

    public static readonly string[] GivenNames =
    [
        "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "华",
        "建华", "志强", "海燕", "红梅", "晓东", "俊", "鹏", "婷", "欣", "宇", "浩", "琳", "慧", "佳", "文斌", "小燕", "国平", "春生",
        "水根", "金凤", "卫东", "丽萍", "志刚", "建平", "晓玲", "亮", "凯", "雪",
    ];

    /// <summary>The units commentators come from: the city's offices and bureaus, its towns and streets.</summary>
    public static readonly string[] Units =
    [
        "市委办", "市政府办", "市委宣传部", "市委组织部", "市纪委", "市公安局", "市教育局", "市卫生局", "市人社局", "市民政局",
        "市住建局", "市交通运输局", "市国土资源局", "市环保局", "市农业局", "市文广新局", "团市委", "市妇联", "市工业园区",
        "湓城街道", "桂林街道", "码头镇", "白杨镇", "南义镇", "高丰镇", "范镇", "夏畈镇", "肇陈镇", "洪下乡", "南阳乡",
        "横立山乡", "黄金乡", "武蛟乡", "乐园乡", "花园乡", "洪一乡",
    ];

    public static readonly string[] TitlePrefixes = ["瑞昌：", "瑞昌市", "江西瑞昌："];

    public static readonly string[] TitleTopics =
    [
        "工业园区重点项目集中开工", "铜产业链延链补链见成效", "乡村振兴示范点建设加速推进", "推进长江岸线生态修复",
        "剪纸非遗走进校园", "山药产业助农增收", "优化营商环境打出组合拳", "老旧小区改造提升群众幸福感",
        "开展防汛应急演练", "秋粮收购工作有序开展", "新春招聘会送岗上门", "政务服务实现一网通办",
        "创建文明城市再发力", "农村人居环境整治见实效", "新能源汽车零部件项目签约落户", "志愿服务温暖老人过冬",
        "春季植树造林扎实开展", "中小学生体质健康监测全覆盖", "铜岭遗址考古成果受关注", "强化安全生产隐患排查",
        "非遗文化进社区", "马拉松赛事激活文旅消费", "高标准农田建设助力粮食丰收", "村级集体经济持续壮大",
        "多措并举稳就业保民生", "医共体建设让群众就近看好病", "消费帮扶助农活动走进城区", "夜间经济点亮城市烟火气",
        "企业技改提速增效", "党员干部下沉一线解难题",
    ];

    /// <summary>Stories Ruichang shares with a neighbour: "瑞昌与武宁" + one of these.</summary>
    public static readonly string[] JointTopics =
    [
        "联合开展长江禁渔执法行动", "共建赣北全域旅游合作联盟", "携手推进跨县公路连通工程", "签订区域协作框架协议",
        "开展跨区域防汛联合演练", "共商产业园区协同发展", "联合举办农产品产销对接会", "共护界河水质",
    ];

    /// <summary>A story URL in the form the outlet uses; <paramref name="id"/> makes it unique.</summary>
    public static string StoryUrl(string outlet, DateOnly date, int id)
    {
        var c = CultureInfo.InvariantCulture;
        return outlet switch
        {
            "人民网" => string.Create(c, $"https://jx.people.com.cn/n2/{date:yyyy}/{date:MMdd}/c190181-{id}.html"),
            "新华网" => string.Create(c, $"https://www.xinhuanet.com/local/{date:yyyy-MM}/{date:dd}/c_{id}.htm"),
            "中国广播网" => string.Create(c, $"https://www.cnr.cn/jx/{date:yyyyMMdd}/t{date:yyyyMMdd}_{id}.shtml"),
            "光明网" => string.Create(c, $"https://difang.gmw.cn/jx/{date:yyyy-MM}/{date:dd}/content_{id}.htm"),
            "中国江西网" => string.Create(c, $"https://jiangxi.jxnews.com.cn/system/{date:yyyy/MM/dd}/{id}.shtml"),
            "今视网" => string.Create(c, $"https://news.jxntv.cn/{date:yyyy}/{date:MMdd}/{id}.shtml"),
            "九江新闻网" => string.Create(c, $"https://www.jjxw.cn/xw/xsq/{date:yyyyMM}/t{date:yyyyMMdd}_{id}.html"),
            "九江传媒网" => string.Create(c, $"https://www.jjcmw.cn/{date:yyyy}/{date:MMdd}/{id}.shtml"),
            "瑞昌新闻网" => string.Create(c, $"https://www.rcxww.cn/xw/{date:yyyyMM}/t{date:yyyyMMdd}_{id}.html"),
            _ => string.Create(c, $"https://www.jjxw.cn/xw/{date:yyyyMMdd}/{id}.html"),
        };
    }

    public const string RankingListName = "江西政务微博排行榜";
    public const string RankingPublisher = "江西省互联网信息办公室";
    public const string RankingPeriodLabel = "2014年第三季度";
    public static readonly DateOnly RankingPeriodStart = new(2014, 7, 1);
    public static readonly DateOnly RankingPeriodEnd = new(2014, 9, 30);
    public static readonly DateOnly RankingPublishedOn = new(2014, 10, 20);

    /// <summary>
    /// The Q3 2014 list in rank order, with the county code of Jiujiang's county accounts. The summary
    /// places 九江瑞昌发布 at 11–16 and first among Jiujiang's counties.
    /// </summary>
    public static readonly (string Account, string? CountyCode)[] RankingAccounts =
    [
        ("江西发布", null), ("南昌发布", null), ("江西公安", null), ("赣州发布", null), ("江西共青团", null),
        ("上饶发布", null), ("井冈山发布", null), ("宜春发布", null), ("吉安发布", null), ("景德镇发布", null),
        ("萍乡发布", null), ("婺源发布", null), ("九江瑞昌发布", "360481"), ("贵溪发布", null), ("新余发布", null),
        ("武宁发布", "360423"), ("抚州发布", null), ("修水发布", "360424"), ("鹰潭发布", null), ("共青城发布", "360482"),
    ];
}
