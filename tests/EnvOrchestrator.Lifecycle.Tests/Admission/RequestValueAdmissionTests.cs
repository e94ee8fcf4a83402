using System.Text.Json;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.UseCases;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>Request values the lifecycle refuses before anything is stored: nulls, numbers beyond a value, foreign continuation tokens.</summary>
public sealed class RequestValueAdmissionTests
{
    private static readonly EnvironmentTemplate Template = new("sample", new SemVersion(1, 0, 0))
    {
        Inputs =
        [
            new InputDefinition("size", ValueKind.Number) { Default = Value.Of(1m) },
            new InputDefinition("label", ValueKind.String) { Default = Value.Of("x"), Nullable = true },
            new InputDefinition("extra", ValueKind.Map) { Required = false },
        ],
    };

    [Theory]
    [InlineData("""{"size":null}""", "inputs.size", "input.null")]
    [InlineData("""{"size":1e400}""", "inputs.size", "input.number-too-large")]
    [InlineData("""{"size":-79228162514264337593543950336}""", "inputs.size", "input.number-too-large")]
    [InlineData("""{"extra":{"a":{"b":[1,2e99]}}}""", "inputs.extra.a.b.1", "input.number-too-large")]
    [InlineData("""{"extra":null}""", "inputs.extra", "input.null")]
    public void Resolve_BadValue_ProblemNamingFieldAndRule(string json, string field, string rule)
    {
        var given = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

        var (inputs, problem) = InputResolver.Resolve(Template, TemplateCatalog.Empty, "team-a", given, current: null);

        Assert.Null(inputs);
        Assert.Equal((field, rule), (problem!.Field, problem.Rule));
        Assert.Equal(ProblemCodes.InvalidRequest, problem.Code);
    }

    [Fact]
    public void Resolve_NullForNullableInput_Accepted()
    {
        var given = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"label":null,"size":79228162514264337593543950335}""")!;

        var (inputs, problem) = InputResolver.Resolve(Template, TemplateCatalog.Empty, "team-a", given, current: null);

        Assert.Null(problem);
        Assert.IsType<NullValue>(inputs!["label"]);
        Assert.Equal(Value.Of(decimal.MaxValue), inputs["size"]);
    }

    [Fact]
    public void ContinuationTokens_RoundTrip_DecodesOnlyInTheirList()
    {
        var scope = ContinuationTokens.EnvironmentsScope(ProjectName.Parse("team-a"));
        var token = ContinuationTokens.Encode(scope, "store token with spaces\nand lines");

        var (decoded, problem) = ContinuationTokens.Decode(scope, token);
        var (_, foreign) = ContinuationTokens.Decode(ContinuationTokens.EnvironmentsScope(ProjectName.Parse("team-b")), token);

        Assert.Null(problem);
        Assert.Equal("store token with spaces\nand lines", decoded);
        Assert.Equal(("continuationToken", "paging.continuation-token"), (foreign!.Field, foreign.Rule));
        Assert.Null(ContinuationTokens.Encode(scope, null));
        Assert.Equal((null, null), ContinuationTokens.Decode(scope, null));
    }
}
