using System.Globalization;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Lifecycle;
using ModelContextProtocol.Protocol;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>
/// Tool answers: a value as JSON (text for the model, structured content for programs), or a refusal as a tool error
/// (<see cref="CallToolResult.IsError"/>) carrying the API's problem: code, detail, field and rule. Refusals are tool
/// errors, not protocol errors, so the agent reads them and can correct its call.
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Value<T>(T value, string? summary = null)
    {
        var json = JsonSerializer.SerializeToElement(value, McpJson.Options);
        var text = json.GetRawText();
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = summary is null ? text : summary + "\n\n" + text }],
            StructuredContent = json,
        };
    }

    public static CallToolResult From<T>(LifecycleResult<T> result, Func<T, object> shape)
        where T : class =>
        result.Succeeded ? Value(shape(result.Value)) : Problem(result.Problem);

    public static CallToolResult Problem(LifecycleProblem problem)
    {
        var text = new StringBuilder(problem.Detail);
        if (problem.Field is not null || problem.Rule is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (field: {problem.Field ?? "-"}, rule: {problem.Rule ?? "-"}, code: {problem.Code.Value})");
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text.ToString() }],
            StructuredContent = JsonSerializer.SerializeToElement(new ToolProblem(problem.Code.Value, problem.Detail, problem.Field, problem.Rule), McpJson.Options),
        };
    }
}

/// <summary>A refusal as the API's problem details name it (their <c>code</c>, <c>detail</c>, <c>field</c> and <c>rule</c>).</summary>
internal sealed record ToolProblem(string Code, string Detail, string? Field, string? Rule);
