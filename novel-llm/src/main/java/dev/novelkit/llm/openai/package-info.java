/**
 * The client for OpenAI-compatible chat servers (swift deploy, vLLM, DashScope compatible mode, Ollama, llama.cpp
 * server): {@link dev.novelkit.llm.openai.OpenAiChatModel} and its settings, {@link dev.novelkit.llm.openai.OpenAiSettings}.
 */
package dev.novelkit.llm.openai;
