package dev.novelkit.media;

import dev.novelkit.media.dashscope.DashScopeTasks;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.image.openai.OpenAiImageGenerator;
import dev.novelkit.media.image.wanx.WanxImageGenerator;
import dev.novelkit.media.kling.KlingClient;
import dev.novelkit.media.shot.kling.KlingShotBackend;
import dev.novelkit.media.shot.wan.WanShotBackend;
import dev.novelkit.media.voice.openai.OpenAiSpeechBackend;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend's identity (what keys the video job's caches) changes with the server and the model that decide its
 * output, and never carries a credential; offline backends keep their plain name, so their caches stay as they were.
 */
class BackendIdentityTest {
    private static final String KEY = "sk-planted-secret-0123456789";

    @Test
    void remote_identities_follow_server_and_model_and_hold_no_key() {
        OpenAiImageGenerator images = OpenAiImageGenerator.defaults().apiKey(KEY).baseUrl("http://a.test/v1").model("gpt-image-1");
        assertThat(images.identity()).contains("http://a.test/v1", "gpt-image-1").doesNotContain(KEY)
                .isNotEqualTo(images.model("dall-e-3").identity())
                .isNotEqualTo(images.baseUrl("http://b.test/v1").identity());

        OpenAiSpeechBackend speech = OpenAiSpeechBackend.fromEnv(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", "http://a.test/v1"));
        assertThat(speech.identity()).contains("http://a.test/v1").doesNotContain(KEY)
                .isNotEqualTo(OpenAiSpeechBackend.fromEnv(Map.of("OPENAI_API_KEY", KEY,
                        "OPENAI_BASE_URL", "http://b.test/v1")).identity());

        DashScopeTasks tasks = DashScopeTasks.of(KEY);
        assertThat(WanxImageGenerator.of(tasks).identity()).doesNotContain(KEY)
                .isNotEqualTo(WanxImageGenerator.of(tasks.baseUrl("http://other.test")).identity());
        assertThat(WanShotBackend.of(tasks).identity()).doesNotContain(KEY);

        KlingShotBackend kling = KlingShotBackend.of(KlingClient.of("ak-planted", KEY));
        assertThat(kling.identity()).doesNotContain(KEY).doesNotContain("ak-planted")
                .isNotEqualTo(kling.multiImage(false).identity());
    }

    @Test
    void the_offline_card_renderer_keeps_its_name_as_identity() {
        assertThat(StoryCardRenderer.defaults().identity()).isEqualTo(StoryCardRenderer.defaults().name());
    }
}
