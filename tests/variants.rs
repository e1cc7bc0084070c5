//! One small hand-made report for each way real reports vary (the
//! README's "What the parser recovers"), read through decode → parse →
//! analyse.

mod common;

use baogao::model::{DecodedSource, MandatedPart, Report, Section, SourceFormat};
use baogao::parse;
use common::read_as;

fn read(text: &str) -> Report {
    read_as(SourceFormat::Text, text.as_bytes())
}

fn headings(sections: &[Section]) -> Vec<String> {
    sections.iter().map(|s| s.heading.clone()).collect()
}

fn parts(report: &Report) -> Vec<Option<MandatedPart>> {
    report
        .sections
        .iter()
        .map(|s| s.part.as_ref().and_then(|m| m.part))
        .collect()
}

const BODY: &str = "2022年，本区坚持依法行政。现将有关情况报告如下：\n一、主要举措和成效\n开展法治宣传12次。\n二、存在的不足和原因\n专业力量不足。\n三、党政主要负责人履行推进法治建设第一责任人职责情况\n亲自部署。\n四、下一年度主要安排\n继续推进。\n";

#[test]
fn title_split_over_two_lines() {
    let r = read(&format!("某区2022年度法治政府建设\n\n工作报告\n\n{BODY}"));
    assert_eq!(r.meta.title, "某区2022年度法治政府建设工作报告");
    assert_eq!(r.meta.issuer.as_deref(), Some("某区"));
    assert_eq!(r.meta.year, Some(2022));
}

#[test]
fn title_split_over_three_lines() {
    let r = read(&format!(
        "某市人民政府\n关于2022年法治政府建设\n情况的报告\n{BODY}"
    ));
    assert_eq!(r.meta.title, "某市人民政府关于2022年法治政府建设情况的报告");
    assert_eq!(r.meta.issuer.as_deref(), Some("某市人民政府"));
}

#[test]
fn issuer_line_above_the_title() {
    let r = read(&format!(
        "\n\n某经济技术开发区管理办公室\n\n关于2022年法治政府建设情况的报告\n\n{BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某经济技术开发区管理办公室"));
    assert_eq!(
        r.meta.title,
        "某经济技术开发区管理办公室关于2022年法治政府建设情况的报告"
    );
}

#[test]
fn red_header_doc_number_signers_recipient_and_closing_block() {
    let text = format!(
        "# 中共某市某区工作委员会文件\n\n某工〔2021〕117号\n\n签发人：张三 李四\n\n## 某区党工委 某区管委会 关于 2021 年度法治政府建设情况的报告\n\n市委：\n\n{BODY}\n\n2021年12月31日\n\n某区综合办公室\n\n2022年1月4日印发\n"
    );
    let r = read(&text);
    assert_eq!(r.meta.issuer.as_deref(), Some("中共某市某区工作委员会"));
    assert_eq!(r.meta.doc_number.as_deref(), Some("某工〔2021〕117号"));
    assert_eq!(r.meta.signers, ["张三", "李四"]);
    assert_eq!(r.meta.recipient.as_deref(), Some("市委"));
    assert_eq!(
        r.meta.title,
        "某区党工委 某区管委会 关于2021年度法治政府建设情况的报告"
    );
    assert_eq!(r.meta.year, Some(2021));
    assert_eq!(r.meta.date.unwrap().to_string(), "2021-12-31");
    assert_eq!(r.meta.printed.unwrap().to_string(), "2022-01-04");
    let last = r.sections.last().unwrap();
    assert_eq!(
        last.paragraphs.last().unwrap().text,
        "继续推进。",
        "closing block is not body text"
    );
}

#[test]
fn a_note_below_the_date_is_the_closing_blocks() {
    let r = read(&format!(
        "2022年法治政府建设年度报告\n{BODY}\n某县人民政府\n2023年3月1日\n（此件公开发布）\n\n抄送：市司法局。\n某县人民政府办公室 2023年3月2日印发\n"
    ));
    assert_eq!(r.meta.note.as_deref(), Some("此件公开发布"));
    assert_eq!(r.meta.date.unwrap().to_string(), "2023-03-01");
    assert_eq!(r.meta.printed.unwrap().to_string(), "2023-03-02");
    assert_eq!(r.meta.issuer.as_deref(), Some("某县人民政府"));
    let last = r.sections.last().unwrap();
    assert_eq!(last.paragraphs.last().unwrap().text, "继续推进。");
}

#[test]
fn a_bracketed_line_without_a_date_above_is_the_bodys() {
    // The body's last line in brackets, no date: it stays a paragraph.
    let r = read(&format!(
        "2022年法治政府建设年度报告\n{BODY}（以上数据截至12月底）\n"
    ));
    assert_eq!(r.meta.note, None);
    let last = r.sections.last().unwrap();
    assert_eq!(
        last.paragraphs.last().unwrap().text,
        "（以上数据截至12月底）"
    );
    // Two bracketed lines under the date: the lower is no note (one note,
    // directly under the date), so neither is.
    let r = read(&format!(
        "2022年法治政府建设年度报告\n{BODY}某县人民政府\n2023年3月1日\n（此件公开发布）\n（另附一）\n"
    ));
    assert_eq!(r.meta.note, None);
}

#[test]
fn signers_broken_over_lines() {
    let r = read(&format!(
        "某区人民政府文件\n签发人：张三\n李四\n某区2022年法治政府建设情况的报告\n{BODY}"
    ));
    assert_eq!(r.meta.signers, ["张三", "李四"]);
    assert_eq!(r.meta.title, "某区2022年法治政府建设情况的报告");
    // A short organ's name or a title's line under the signers is no name.
    let r = read(&format!(
        "签发人：张三\n某区\n2022年法治政府建设情况的报告\n{BODY}"
    ));
    assert_eq!(r.meta.signers, ["张三"]);
    assert_eq!(r.meta.title, "某区2022年法治政府建设情况的报告");
}

#[test]
fn signing_organ_above_the_date_is_the_issuer() {
    let r = read(&format!(
        "2022年法治政府建设年度报告\n{BODY}\n某县人民政府\n二〇二三年一月五日\n"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某县人民政府"));
    assert_eq!(r.meta.date.unwrap().to_string(), "2023-01-05");
}

#[test]
fn markdown_artefacts_in_a_text_export() {
    let r = read("某区2022年法治政府建设年度报告\n正文开头。\n## **一、加强组织领导**\n正文。\n### 二、下一步工作打算\n正文。\n");
    assert_eq!(headings(&r.sections), ["加强组织领导", "下一步工作打算"]);
    assert!(
        r.sections.iter().all(|s| s.level == 1),
        "level comes from numbering, not from #"
    );
}

#[test]
fn spaces_around_digits_from_pdf_conversion() {
    let r = read("关于 2021 年度法治政府建设情况的报告\n一、主要举措\n共开展全员核酸检测 11 次，督导检查 63 次。\n");
    assert_eq!(r.meta.title, "关于2021年度法治政府建设情况的报告");
    assert_eq!(
        r.sections[0].paragraphs[0].text,
        "共开展全员核酸检测11次，督导检查63次。"
    );
}

#[test]
fn paragraph_and_citation_broken_across_a_page_break() {
    let r = read("某区2022年法治政府建设年度报告\n一、主要举措\n制定下发《某区关于印发〈某区\n\n- 3 -\n\n疫情防控工作方案〉的通知》，成立了领导\n\n小组。\n二、存在问题\n不足。\n");
    let p = &r.sections[0].paragraphs;
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].text,
        "制定下发《某区关于印发〈某区疫情防控工作方案〉的通知》，成立了领导小组。"
    );
}

#[test]
fn a_number_broken_by_a_page_break_is_one_number_but_words_keep_a_space() {
    let r = read("某区2022年法治政府建设年度报告\n一、主要举措\n检查企业1916\n\n- 3 -\n\n1家次，通过ISO\n9001认证。\n二、存在问题\n不足。\n");
    assert_eq!(
        r.sections[0].paragraphs[0].text,
        "检查企业19161家次，通过ISO 9001认证。"
    );
}

#[test]
fn an_opening_cut_by_a_page_break_under_the_title_is_kept() {
    let r = read("某区2022年法治政府建设年度报告\n2022年，某区坚持依法行政，全面\n\n- 2 -\n\n推进法治政府建设。现将有关情况报告如下：\n一、主要举措\n开展培训。\n");
    assert_eq!(r.meta.title, "某区2022年法治政府建设年度报告");
    assert_eq!(
        r.preamble[0].text,
        "2022年，某区坚持依法行政，全面推进法治政府建设。现将有关情况报告如下："
    );
    // An organ's name under the title is still its issuer, not text.
    let r = read(&format!("2022年法治政府建设年度报告\n某区人民政府\n{BODY}"));
    assert_eq!(r.meta.issuer.as_deref(), Some("某区人民政府"));
    assert!(r.preamble.iter().all(|p| p.text != "某区人民政府"));
}

#[test]
fn every_heading_style_and_skipped_levels() {
    let text = "某区2022年法治政府建设年度报告\n一、主要举措和成效\n（一）组织领导\n1.成立小组\n（1）定期开会\n①每月一次\n(二) 依法决策\n1、制度\n1．细则\n二、存在问题\n1、学习不够\n";
    let r = read(text);
    let s = &r.sections;
    assert_eq!(headings(s), ["主要举措和成效", "存在问题"]);
    assert_eq!(headings(&s[0].children), ["组织领导", "依法决策"]);
    assert_eq!(s[0].children[0].children[0].heading, "成立小组");
    assert_eq!(s[0].children[0].children[0].children[0].heading, "定期开会");
    assert_eq!(
        s[0].children[0].children[0].children[0].children[0].heading,
        "每月一次"
    );
    assert_eq!(
        s[0].children[0].children[0].children[0].children[0].level,
        5
    );
    assert_eq!(headings(&s[0].children[1].children), ["制度", "细则"]);
    // 一、 then 1、: the skipped level still nests, one level down.
    assert_eq!(s[1].children[0].heading, "学习不够");
    assert_eq!(s[1].children[0].level, 2);
}

#[test]
fn run_in_headings() {
    let r = read("某区2022年法治政府建设年度报告\n一、主要举措\n（一）加强组织领导。成立了领导小组。\n(二)发挥党工委的领导核心作用。将述职列入考核。\n");
    let sub = &r.sections[0].children;
    assert_eq!(headings(sub), ["加强组织领导", "发挥党工委的领导核心作用"]);
    assert_eq!(sub[1].paragraphs[0].text, "将述职列入考核。");
}

#[test]
fn inline_enumerations() {
    let r = read("某区2022年法治政府建设年度报告\n一、主要举措\n一是坚持统筹谋划。二是带头履职尽责；三是落实岗位职责。\n");
    let p = &r.sections[0].paragraphs[0];
    let markers: Vec<_> = p.enumeration.iter().map(|e| e.marker.as_str()).collect();
    assert_eq!(markers, ["一是", "二是", "三是"]);
}

#[test]
fn bold_lead_sentences_without_numbers() {
    let r = read("某区2022年法治政府建设年度报告\n一、存在的不足\n**组织保障还需加强。**对党组要求严格。\n**法治思维有待提升。**习惯用老方法。\n");
    let leads: Vec<_> = r.sections[0]
        .paragraphs
        .iter()
        .map(|p| p.lead_len)
        .collect();
    assert_eq!(
        leads,
        [
            Some("组织保障还需加强。".len()),
            Some("法治思维有待提升。".len())
        ]
    );
}

#[test]
fn parts_in_another_order_renamed_merged_and_missing() {
    let r = read("某区2022年法治政府建设年度报告\n一、下一步工作打算\n继续。\n二、工作开展情况\n开展。\n三、存在的不足及下一步打算\n不足。\n四、其他需要报告的事项\n无。\n");
    use MandatedPart::*;
    assert_eq!(
        parts(&r),
        [Some(Plans), Some(Measures), Some(Shortcomings), Some(Other)]
    );
}

#[test]
fn themed_headings_are_mapped_by_content() {
    let r = read("某区2022年法治政府建设年度报告\n一、把握工作重点\n开展专项整治15次，累计检查企业127家次，完成整改，组织培训4次。\n二、弘扬法治精神\n法治是治国理政的基本方式。\n");
    assert_eq!(parts(&r), [Some(MandatedPart::Measures), None]);
    let none = r.sections[1].part.as_ref().unwrap();
    assert_eq!(none.rule, "none");
}

#[test]
fn traditional_characters() {
    let r = read("某區2022年法治政府建設年度報告\n一、主要舉措和成效\n開展。\n二、存在的不足和原因\n不足。\n三、黨政主要負責人履行推進法治建設第一責任人職責情況\n部署。\n四、下一年度主要安排\n推進。\n");
    use MandatedPart::*;
    assert_eq!(
        parts(&r),
        [
            Some(Measures),
            Some(Shortcomings),
            Some(Leadership),
            Some(Plans)
        ]
    );
    assert_eq!(
        r.meta.title, "某區2022年法治政府建設年度報告",
        "text is kept as written"
    );
}

#[test]
fn gbk_file() {
    let text = format!("某区2022年法治政府建设年度报告\r\n{BODY}");
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let r = read_as(SourceFormat::Text, &bytes);
    assert_eq!(r.encoding, "GBK");
    assert_eq!(r.meta.title, "某区2022年法治政府建设年度报告");
    assert_eq!(r.sections.len(), 4);
}

#[test]
fn utf16_file_with_bom() {
    let text = format!("某区2022年法治政府建设年度报告\r\n{BODY}");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let r = read_as(SourceFormat::Text, &bytes);
    assert_eq!(r.encoding, "UTF-16LE");
    assert_eq!(r.sections.len(), 4);
}

#[test]
fn full_width_spaces_and_crlf() {
    let r = read(
        "某区2022年法治政府建设年度报告\r\n一、主要举措\r\n\u{3000}\u{3000}开展法治宣传。\r\n",
    );
    assert_eq!(r.sections[0].paragraphs[0].text, "开展法治宣传。");
}

#[test]
fn markdown_file() {
    let md = "# 某区2022年法治政府建设年度报告\n\n2022年，本区坚持依法行政。\n\n## 一、主要举措和成效\n\n### （一）加强领导\n\n**组织有力。**成立小组。\n\n## 二、存在的不足和原因\n\n专业力量不足。\n";
    let r = read_as(SourceFormat::Markdown, md.as_bytes());
    assert_eq!(r.meta.title, "某区2022年法治政府建设年度报告");
    assert_eq!(
        headings(&r.sections),
        ["主要举措和成效", "存在的不足和原因"]
    );
    assert_eq!(r.sections[0].marker.as_deref(), Some("一、"));
    assert_eq!(r.sections[0].children[0].heading, "加强领导");
    assert_eq!(
        r.sections[0].children[0].paragraphs[0].lead_len,
        Some("组织有力。".len())
    );
    assert_eq!(r.preamble[0].text, "2022年，本区坚持依法行政。");
}

#[test]
fn front_matter_overrides_detection() {
    let text = format!("+++\ntitle = \"自定标题\"\nissuer = \"某局\"\nyear = 2020\ndate = 2021-03-01\nslug = \"../../etc\"\nregion = \"河南省\"\n+++\n某区2022年法治政府建设年度报告\n{BODY}");
    let r = read(&text);
    assert_eq!(r.meta.title, "自定标题");
    assert_eq!(r.meta.issuer.as_deref(), Some("某局"));
    assert_eq!(r.meta.year, Some(2020));
    assert_eq!(r.meta.date.unwrap().to_string(), "2021-03-01");
    assert_eq!(r.meta.region.as_deref(), Some("河南省"));
    assert_eq!(r.slug, "etc", "a slug cannot leave the output folder");
    assert_eq!(
        r.sections[0].line, 11,
        "line numbers count the front matter"
    );
}

#[test]
fn report_without_title_or_headings_still_builds() {
    let source = DecodedSource::utf8(
        "无题.txt",
        SourceFormat::Text,
        "这是一段没有标题的正文。\n又一段。\n",
    );
    let (r, warnings) = parse::parse(source).unwrap();
    assert_eq!(r.meta.title, "无题");
    assert_eq!(r.preamble.len(), 2);
    let messages: Vec<_> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("no title")));
    assert!(messages.iter().any(|m| m.contains("no numbered headings")));
}

#[test]
fn year_from_the_opening_sentence_when_the_title_has_none() {
    let r = read("法治政府建设情况报告\n2022年以来，本区坚持依法行政。\n一、主要举措\n开展。\n");
    assert_eq!(r.meta.year, Some(2022));
}

// Copies from government portals (政府信息公开 pages): the portal's fields
// and furniture around the report.

const PORTAL_BODY: &str = "一、主要举措和成效\n开展法治宣传12次。\n二、存在的不足和原因\n专业力量不足。\n三、下一年度主要安排\n继续推进。\n";

/// Every line of the report's text that a reader sees as text: title,
/// issuer, headings and paragraphs.
fn shown(r: &Report) -> Vec<String> {
    fn walk(s: &Section, out: &mut Vec<String>) {
        out.push(s.heading.clone());
        out.extend(s.paragraphs.iter().map(|p| p.text.clone()));
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = vec![r.meta.title.clone()];
    out.extend(r.meta.issuer.clone());
    out.extend(r.preamble.iter().map(|p| p.text.clone()));
    r.sections.iter().for_each(|s| walk(s, &mut out));
    out
}

fn assert_no_portal_text(r: &Report) {
    for text in shown(r) {
        for key in [
            "索引号",
            "发布机构",
            "生成日期",
            "浏览次数",
            "字体",
            "来源",
            "打印",
        ] {
            assert!(!text.contains(key), "{key} shown in {text:?}");
        }
    }
}

#[test]
fn portal_metadata_lines_above_the_title() {
    let r = read(&format!(
        "索引号：11410400MB0000000X/2023-00031 主题分类：政务公开 发布机构：某县人民政府 生成日期：2023-03-31 文号：某政〔2023〕9号 有效性：有效\n某县人民政府关于2022年度法治政府建设情况的报告\n来源：某县司法局 发布时间：2023-03-31 11:33\n时间：2023-03-31 浏览次数：1024 字体:【大 中 小】 【打印】\n{PORTAL_BODY}【打印】 【关闭】\n"
    ));
    assert_eq!(
        r.meta.title,
        "某县人民政府关于2022年度法治政府建设情况的报告"
    );
    assert_eq!(r.meta.issuer.as_deref(), Some("某县人民政府"));
    assert_eq!(r.meta.year, Some(2022));
    assert_eq!(r.meta.doc_number.as_deref(), Some("某政〔2023〕9号"));
    assert_eq!(r.meta.published.unwrap().to_string(), "2023-03-31");
    assert_eq!(r.meta.portal["索引号"], "11410400MB0000000X/2023-00031");
    assert_eq!(r.meta.portal["有效性"], "有效");
    assert_eq!(headings(&r.sections).len(), 3);
    assert_no_portal_text(&r);
}

#[test]
fn bracketed_portal_metadata_is_no_title() {
    let r = read(&format!(
        "[ 索引号 ] 000014349/2022-00088 [ 发文字号 ] 无 [ 主题分类 ] 政务公开 [ 发布机构 ] 某市人民政府\n[ 成文日期 ] 2022-03-25 [ 发布日期 ] 2022-03-28\n某市2021年法治政府建设情况报告\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.title, "某市2021年法治政府建设情况报告");
    assert_eq!(r.meta.issuer.as_deref(), Some("某市"));
    assert_eq!(r.meta.date.unwrap().to_string(), "2022-03-25");
    assert_eq!(r.meta.published.unwrap().to_string(), "2022-03-28");
    // Put online three days after it was signed: that is when it was public.
    assert_eq!(r.meta.publication(), r.meta.published);
    assert_eq!(r.meta.doc_number, None, "无 is no number");
    assert_no_portal_text(&r);
}

#[test]
fn bulleted_and_named_blocks_printed_twice() {
    let block = "- 发布机构: 某区人民政府\n• 文号: 某政办〔2022〕3号\n名  称: 某区2021年法治政府建设情况报告\n- 发布日期: 2022/3/30\n";
    let r = read(&format!("{block}{block}{PORTAL_BODY}"));
    assert_eq!(r.meta.title, "某区2021年法治政府建设情况报告");
    assert_eq!(r.meta.issuer.as_deref(), Some("某区"), "the title's organ");
    assert_eq!(r.meta.year, Some(2021));
    assert_eq!(r.meta.doc_number.as_deref(), Some("某政办〔2022〕3号"));
    assert_eq!(r.preamble.len(), 0);
    assert_no_portal_text(&r);
}

#[test]
fn portal_organ_when_the_text_names_none() {
    let r = read(&format!(
        "法治政府建设情况报告\n发布机构：某某高新技术产业开发区管理委员会\n{PORTAL_BODY}"
    ));
    assert_eq!(
        r.meta.issuer.as_deref(),
        Some("某某高新技术产业开发区管理委员会")
    );
    let r = read(&format!("法治政府建设情况报告\n来源：本网\n{PORTAL_BODY}"));
    assert_eq!(r.meta.issuer, None, "a website is no organ");
}

#[test]
fn issuer_in_a_title_of_year_place_and_subject() {
    let r = read(&format!("2022年某区法治政府建设情况报告\n{PORTAL_BODY}"));
    assert_eq!(r.meta.issuer.as_deref(), Some("某区"));
    assert_eq!(r.meta.year, Some(2022));
    let r = read(&format!("2022年度法治政府建设情况报告\n{PORTAL_BODY}"));
    assert_eq!(r.meta.issuer, None, "no place named");
}

#[test]
fn issuer_and_year_from_the_opening_sentence_without_a_title() {
    let r = read(&format!(
        "2024年，某区坚持以习近平法治思想为指导，全面推进依法行政。\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某区"));
    assert_eq!(r.meta.year, Some(2024));
    let r = read(&format!(
        "某市政府在省委、省政府的坚强领导下，深入推进法治政府建设。\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某市政府"));
    let r = read(&format!("2024年，我区坚持依法行政。\n{PORTAL_BODY}"));
    assert_eq!(r.meta.issuer, None, "我区 names no one");
}

#[test]
fn year_and_issuer_from_the_reporting_clause() {
    let r = read(&format!(
        "某县人民政府：\n根据《某县法治政府建设实施方案（2021—2025年）》要求，现将某镇2022年法治政府建设工作情况报告如下：\n{PORTAL_BODY}某镇人民政府\n2023年1月10日\n"
    ));
    assert_eq!(r.meta.year, Some(2022), "not the plan period's 2025");
    assert_eq!(r.meta.recipient.as_deref(), Some("某县人民政府"));
    assert_eq!(
        r.meta.issuer.as_deref(),
        Some("某镇人民政府"),
        "the addressee is not the issuer"
    );
    let r = read(&format!(
        "某县人民政府：\n现将某镇2022年法治政府建设工作情况报告如下：\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某镇"));
    assert_eq!(r.meta.title, "r", "no title: the file name");
}

#[test]
fn a_plan_period_in_the_title_is_not_the_year() {
    let r = read(&format!(
        "某区落实《法治政府建设实施纲要（2021—2025年）》2022年度情况的报告\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.year, Some(2022));
}

#[test]
fn abbreviation_the_text_introduces_gives_the_full_name() {
    let r = read(&format!(
        "经开区管委会2022年法治政府建设情况报告\n2022年，某经济技术开发区管理委员会（以下简称“经开区管委会”）坚持依法行政。\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某经济技术开发区管理委员会"));
}

#[test]
fn general_office_and_government_stay_apart() {
    let office = read(&format!(
        "某市人民政府办公厅关于2022年度法治政府建设情况的报告\n{PORTAL_BODY}"
    ));
    assert_eq!(office.meta.issuer.as_deref(), Some("某市人民政府办公厅"));
}

#[test]
fn missing_issuer_warning_says_what_to_add() {
    let source = DecodedSource::utf8(
        "无名.txt",
        SourceFormat::Text,
        &format!("法治政府建设情况报告\n{PORTAL_BODY}"),
    );
    let (_, warnings) = parse::parse(source).unwrap();
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("no issuer"))
        .expect("warned");
    assert_eq!(warning.file, "无名.txt");
    assert!(warning.help.as_deref().unwrap().contains("issuer = \""));
}

#[test]
fn first_section_headed_with_the_years_work_is_the_measures_part() {
    let r = read("某区2022年法治政府建设情况报告\n一、2022年法治政府建设情况\n开展法治宣传12次。\n二、存在的问题\n力量不足。\n三、2023年工作安排\n继续推进。\n");
    assert_eq!(
        parts(&r),
        [
            Some(MandatedPart::Measures),
            Some(MandatedPart::Shortcomings),
            Some(MandatedPart::Plans)
        ]
    );
}

#[test]
fn a_report_whose_line_breaks_were_lost() {
    let filler = "坚持以习近平法治思想为指导，全面推进依法行政，取得积极成效。".repeat(4);
    let text = format!(
        "来源：某县司法局 发布时间：2023-03-31 11:33　　某县2022年法治政府建设情况报告　　某市人民政府：　　2022年，某县深入推进法治政府建设。现将有关情况报告如下：一、主要举措和成效（一）加强组织领导。{filler}（二）推进依法决策。{filler}二、存在的不足和原因（一）专业力量不足。{filler}三、下一年度主要安排　　继续推进法治政府建设。\n"
    );
    let r = read(&text);
    assert_eq!(r.meta.title, "某县2022年法治政府建设情况报告");
    assert!(r.meta.title.chars().count() < 60, "never the whole text");
    assert_eq!(r.meta.issuer.as_deref(), Some("某县"));
    assert_eq!(r.meta.recipient.as_deref(), Some("某市人民政府"));
    assert_eq!(r.meta.year, Some(2022));
    assert_eq!(r.meta.published.unwrap().to_string(), "2023-03-31");
    assert_eq!(
        headings(&r.sections),
        ["主要举措和成效", "存在的不足和原因", "下一年度主要安排"]
    );
    assert_eq!(
        headings(&r.sections[0].children),
        ["加强组织领导", "推进依法决策"]
    );
    assert_eq!(r.sections[2].paragraphs[0].text, "继续推进法治政府建设。");
    assert_eq!(
        parts(&r),
        [
            Some(MandatedPart::Measures),
            Some(MandatedPart::Shortcomings),
            Some(MandatedPart::Plans)
        ]
    );
    assert_no_portal_text(&r);
}

#[test]
fn issuer_named_after_the_about_of_the_title() {
    let r = read(&format!(
        "关于某区2022年法治政府建设情况的报告\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("某区"));
    let r = read(&format!("关于2022年法治政府建设情况的报告\n{PORTAL_BODY}"));
    assert_eq!(r.meta.issuer, None);
}

#[test]
fn year_from_the_date_when_nothing_names_it() {
    let r = read(&format!(
        "法治政府建设情况报告\n发布时间：2023-03-31\n{PORTAL_BODY}"
    ));
    assert_eq!(
        r.meta.year,
        Some(2022),
        "published in March: the year before"
    );
    let r = read(&format!(
        "法治政府建设情况报告\n{PORTAL_BODY}某区人民政府\n2023年6月30日\n"
    ));
    assert_eq!(r.meta.year, Some(2022), "signed by June");
    let r = read(&format!(
        "法治政府建设情况报告\n{PORTAL_BODY}某区人民政府\n2023年7月1日\n"
    ));
    assert_eq!(r.meta.year, None, "later: either year");
    let r = read(&format!(
        "某区2021年法治政府建设情况报告\n发布时间：2023-03-31\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.year, Some(2021), "the title wins");
}

#[test]
fn joint_issuers_at_the_start_of_the_title() {
    let r = read(&format!(
        "中共某区委 某区人民政府关于2022年法治政府建设情况的报告\n{PORTAL_BODY}"
    ));
    assert_eq!(r.meta.issuer.as_deref(), Some("中共某区委 某区人民政府"));
}
