package dev.novelkit.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What Debian's ffprobe says about a video (tests only). */
record Probe(String videoCodec, String audioCodec, int width, int height, double duration) {
    static boolean available() {
        try {
            Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Probe of(Path video) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_type,codec_name,width,height:format=duration", "-of", "default=nw=1",
                video.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, String> video1 = new HashMap<>();
        String type = "";
        String videoCodec = "";
        String audioCodec = "";
        for (String line : out.split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "codec_name" -> video1.put("pending", kv[1]);
                case "codec_type" -> {
                    type = kv[1];
                    if (type.equals("video")) {
                        videoCodec = video1.getOrDefault("pending", "");
                    } else if (type.equals("audio")) {
                        audioCodec = video1.getOrDefault("pending", "");
                    }
                }
                default -> video1.put(kv[0], kv[1]);
            }
        }
        return new Probe(videoCodec, audioCodec, Integer.parseInt(video1.getOrDefault("width", "0")),
                Integer.parseInt(video1.getOrDefault("height", "0")), Double.parseDouble(video1.getOrDefault("duration", "0")));
    }
}
