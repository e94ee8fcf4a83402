using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace EnvOrchestrator.Mcp.Tests;

/// <summary>Reading tool answers: the structured content of a success, or the problem of a refusal.</summary>
internal static class ToolAnswers
{
    public static JsonElement Value(CallToolResult result)
    {
        Assert.True(result.IsError is not true, $"the tool refused: {Text(result)}");
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    public static JsonElement Problem(CallToolResult result)
    {
        Assert.True(result.IsError is true, $"the tool did not refuse: {Text(result)}");
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    public static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The problem's code, detail, field and rule as the API words them (the API answers problem details).</summary>
    public static void SameProblem(JsonElement api, JsonElement tool)
    {
        foreach (var member in new[] { "code", "detail", "field", "rule" })
        {
            Assert.Equal(api.GetProperty(member).GetString(), tool.GetProperty(member).GetString());
        }
    }
}
