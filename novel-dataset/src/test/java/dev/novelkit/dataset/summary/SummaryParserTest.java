package dev.novelkit.dataset.summary;

import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryParserTest {
    @Test
    void reads_the_seed_format_with_ascii_colons_exactly_as_the_prompt_shows_it() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题:
                古风悬疑,围绕一封旧信揭开小镇往事。

                人物形象:
                人物1:林晚秋,药铺学徒,心细胆大
                人物2:沈砚,沉默寡言的药铺伙计
                人物3:陈伯,镇上的老更夫

                剧情概述:
                开头:林晚秋冒雨送药,与沈砚同行。
                高潮:黑衣人苏远山现身,说有人要杀陈伯。
                结尾:二人在墙角发现线索,决定前往城隍庙。
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.styleAndTheme()).isEqualTo("古风悬疑,围绕一封旧信揭开小镇往事。");
        assertThat(s.characters()).containsExactly(
                new CharacterNote("林晚秋", "药铺学徒,心细胆大"),
                new CharacterNote("沈砚", "沉默寡言的药铺伙计"),
                new CharacterNote("陈伯", "镇上的老更夫"));
        assertThat(s.opening()).isEqualTo("林晚秋冒雨送药,与沈砚同行。");
        assertThat(s.climax()).isEqualTo("黑衣人苏远山现身,说有人要杀陈伯。");
        assertThat(s.ending()).isEqualTo("二人在墙角发现线索,决定前往城隍庙。");
    }

    @Test
    void reads_full_width_colons_and_name_colon_form() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题：
                武侠，江湖恩怨与师徒情义

                人物形象：
                张无尘：青云派大弟子，剑法凌厉
                柳如烟：神秘女子，身负血仇

                剧情概述：
                开头：张无尘下山历练。
                高潮：柳如烟刺杀掌门失败，被张无尘所救。
                结尾：两人结伴远走。
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.characters()).extracting(CharacterNote::name).containsExactly("张无尘", "柳如烟");
        assertThat(s.characters().get(1).description()).isEqualTo("神秘女子，身负血仇");
    }

    @Test
    void reads_markdown_bold_headers_and_list_markers() {
        StorySummary s = SummaryParser.parse("""
                好的，以下是这段小说的总结：

                **小说的风格和主题**：
                都市言情，讲述职场新人的成长与爱情。

                **人物形象**：
                - **人物1**：李思雨，刚入职的设计师，倔强又敏感
                - **人物2**：周牧，公司总监，外冷内热

                ### 剧情概述
                1. **开头**：李思雨第一天上班就迟到。
                2. **高潮**：她的方案被周牧当众否定，她据理力争。
                3. **结尾**：周牧私下约她重新讨论方案。
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.styleAndTheme()).isEqualTo("都市言情，讲述职场新人的成长与爱情。");
        assertThat(s.characters()).containsExactly(
                new CharacterNote("李思雨", "刚入职的设计师，倔强又敏感"),
                new CharacterNote("周牧", "公司总监，外冷内热"));
        assertThat(s.climax()).isEqualTo("她的方案被周牧当众否定，她据理力争。");
        assertThat(s.text()).startsWith("好的，以下是这段小说的总结：");
    }

    @Test
    void reads_content_on_the_heading_line_and_spaces_around_colons() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题 : 科幻，人工智能觉醒
                人物形象 :
                人物1 : 艾琳 , 飞船的导航员
                剧情概述 :
                开头 : 飞船偏离航线
                高潮 : 导航系统拒绝执行命令
                结尾 : 艾琳与系统达成协议
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.styleAndTheme()).isEqualTo("科幻，人工智能觉醒");
        assertThat(s.characters()).containsExactly(new CharacterNote("艾琳", "飞船的导航员"));
        assertThat(s.ending()).isEqualTo("艾琳与系统达成协议");
    }

    @Test
    void keeps_a_role_in_parentheses_as_part_of_the_description() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题：宫廷权谋
                人物形象：
                人物1：沈清辞（女主角）：将门之女，聪慧隐忍
                人物2：萧景琰(太子),温润如玉却城府极深
                剧情概述：
                开头：沈清辞入宫。
                高潮：太子设局。
                结尾：她识破阴谋。
                """);

        assertThat(s.characters()).containsExactly(
                new CharacterNote("沈清辞", "女主角，将门之女，聪慧隐忍"),
                new CharacterNote("萧景琰", "太子，温润如玉却城府极深"));
    }

    @Test
    void says_not_well_formed_when_plot_parts_are_missing() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题：乡土
                人物形象：
                王大山：村里的老实人
                剧情概述：
                王大山在集市上捡到一个钱包，几经周折终于找到失主。
                """);

        assertThat(s.wellFormed()).isFalse();
        assertThat(s.styleAndTheme()).isEqualTo("乡土");
        assertThat(s.characters()).hasSize(1);
        assertThat(s.opening()).isEmpty();
        assertThat(SummaryParser.completeness(s)).isEqualTo(2);
    }

    @Test
    void says_not_well_formed_for_free_prose() {
        StorySummary s = SummaryParser.parse("这段小说讲述了林晚秋雨夜送药时遇到黑衣人的故事，情节紧张，人物鲜明。");

        assertThat(s.wellFormed()).isFalse();
        assertThat(SummaryParser.completeness(s)).isZero();
        assertThat(s.text()).isEqualTo("这段小说讲述了林晚秋雨夜送药时遇到黑衣人的故事，情节紧张，人物鲜明。");
    }

    @Test
    void ignores_template_placeholders_the_model_copied() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题:
                悬疑
                人物形象:
                人物1:林晚秋,学徒
                人物2:xxxxxx
                人物3:xxxxxx
                剧情概述:
                开头:送药
                高潮:xxxxxxx
                结尾:出发
                """);

        assertThat(s.characters()).extracting(CharacterNote::name).containsExactly("林晚秋");
        assertThat(s.climax()).isEmpty();
        assertThat(s.wellFormed()).isFalse();
    }

    @Test
    void accepts_synonyms_of_the_headings() {
        StorySummary s = SummaryParser.parse("""
                风格与主题：奇幻冒险
                主要人物：
                1. 阿蛮：部落少年
                2. 青鸟：会说话的鸟
                故事梗概：
                开端：阿蛮离开部落。
                发展：他在森林里迷路。
                高潮：青鸟带他找到古城。
                结局：阿蛮成为守护者。
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.characters()).extracting(CharacterNote::name).containsExactly("阿蛮", "青鸟");
        assertThat(s.opening()).isEqualTo("阿蛮离开部落。");
        assertThat(s.ending()).isEqualTo("阿蛮成为守护者。");
    }

    @Test
    void reads_names_listed_on_the_heading_line() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题：校园青春
                人物形象：林小满、顾言、许知夏
                剧情概述：
                开头：开学。高潮：运动会。结尾：毕业。
                """);

        assertThat(s.characters()).extracting(CharacterNote::name).containsExactly("林小满", "顾言", "许知夏");
        assertThat(s.opening()).isEqualTo("开学。");
        assertThat(s.climax()).isEqualTo("运动会。");
        assertThat(s.ending()).isEqualTo("毕业。");
        assertThat(s.wellFormed()).isTrue();
    }

    @Test
    void reads_sections_squashed_onto_one_line() {
        StorySummary s = SummaryParser.parse("小说的风格和主题：悬疑 人物形象：人物1：林晚秋，学徒 剧情概述：开头：送药 高潮：遇险 结尾：脱身");

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.styleAndTheme()).isEqualTo("悬疑");
        assertThat(s.characters()).containsExactly(new CharacterNote("林晚秋", "学徒"));
        assertThat(s.climax()).isEqualTo("遇险");
    }

    @Test
    void reads_a_markdown_table_of_characters() {
        StorySummary s = SummaryParser.parse("""
                ## 小说的风格和主题
                历史
                ## 人物形象
                | 人物 | 形象 |
                | --- | --- |
                | 韩信 | 胸怀大志的落魄青年 |
                | 萧何 | 慧眼识人的丞相 |
                ## 剧情概述
                - 开头：韩信受胯下之辱。
                - 高潮：萧何月下追韩信。
                - 结尾：韩信拜将。
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.characters()).containsExactly(
                new CharacterNote("韩信", "胸怀大志的落魄青年"), new CharacterNote("萧何", "慧眼识人的丞相"));
    }

    @Test
    void drops_a_reasoning_block_before_the_answer() {
        StorySummary s = SummaryParser.parse("""
                <think>
                用户要求总结。人物形象:不要写在这里。
                </think>
                小说的风格和主题：武侠
                人物形象：
                人物1：燕南飞，剑客
                剧情概述：
                开头：比剑。
                高潮：断剑。
                结尾：归隐。
                """);

        assertThat(s.wellFormed()).isTrue();
        assertThat(s.text()).startsWith("小说的风格和主题：武侠").doesNotContain("think");
    }

    @Test
    void takes_the_name_before_a_copula_when_there_is_no_colon() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题：现实
                人物形象：
                - 赵铁柱是一名退伍军人，性格耿直
                剧情概述：
                开头：回乡。
                高潮：护村。
                结尾：留下。
                """);

        assertThat(s.characters()).containsExactly(new CharacterNote("赵铁柱", "是一名退伍军人，性格耿直"));
    }

    @Test
    void joins_a_wrapped_description_line_to_its_character() {
        StorySummary s = SummaryParser.parse("""
                小说的风格和主题：悬疑
                人物形象：
                人物1：林晚秋：药铺学徒，心思细腻，
                在危急时刻总能保持冷静。
                剧情概述：
                开头：a
                高潮：b
                结尾：c
                """);

        assertThat(s.characters()).containsExactly(
                new CharacterNote("林晚秋", "药铺学徒，心思细腻，在危急时刻总能保持冷静。"));
    }

    @Test
    void empty_or_null_text_gives_an_empty_summary_that_is_not_well_formed() {
        assertThat(SummaryParser.parse("").wellFormed()).isFalse();
        assertThat(SummaryParser.parse(null).characters()).isEmpty();
        assertThat(SummaryParser.parse("   \n\n").text()).isEmpty();
    }

    @Test
    void a_rendered_summary_parses_back_to_the_same_fields() {
        StorySummary original = StorySummary.of("悬疑", java.util.List.of(new CharacterNote("林晚秋", "学徒"),
                new CharacterNote("沈砚", "伙计")), "送药。", "遇险。", "出发。");

        StorySummary back = SummaryParser.parse(original.render());

        assertThat(back.wellFormed()).isTrue();
        assertThat(back.styleAndTheme()).isEqualTo(original.styleAndTheme());
        assertThat(back.characters()).isEqualTo(original.characters());
        assertThat(back.opening()).isEqualTo(original.opening());
        assertThat(back.climax()).isEqualTo(original.climax());
        assertThat(back.ending()).isEqualTo(original.ending());
    }
}
