using System.Collections.Immutable;
using EnvOrchestrator.Core.Expressions;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Expressions;

public sealed class ExpressionEvaluatorTests
{
    private static readonly EvaluationScope Scope = new()
    {
        Inputs = ImmutableDictionary<string, Value>.Empty
            .Add("region", Value.Of("westeurope"))
            .Add("count", Value.Of(3m))
            .Add("enabled", Value.Of(true))
            .Add("password", Value.Of("s3cret").AsSensitive())
            .Add("zones", new ListValue([Value.Of("1"), Value.Of("2")])),
        ResourceOutputs = ImmutableDictionary<string, ImmutableDictionary<string, Value>>.Empty
            .Add("net", ImmutableDictionary<string, Value>.Empty
                .Add("subnet_id", Value.Of("/subnets/a"))
                .Add("tags", Map(("owner", Value.Of("team-a"))))),
        KnownResources = ["net", "cache"],
        EnvironmentName = "dev-42",
        ProjectName = "shop",
    };

    [Fact]
    public void Evaluate_WholeNumberReference_KeepsNumberType()
    {
        var result = ExpressionEvaluator.EvaluateString("${inputs.count}", Scope);

        Assert.Equal(Value.Of(3m), result.Value);
    }

    [Fact]
    public void Evaluate_WholeBoolReference_KeepsBoolType()
    {
        var result = ExpressionEvaluator.EvaluateString("${inputs.enabled}", Scope);

        Assert.Equal(Value.Of(true), result.Value);
    }

    [Fact]
    public void Evaluate_WholeListReference_KeepsList()
    {
        var result = ExpressionEvaluator.EvaluateString("${inputs.zones}", Scope);

        Assert.Equal(new ListValue([Value.Of("1"), Value.Of("2")]), result.Value);
    }

    [Fact]
    public void Evaluate_Interpolation_ConcatenatesText()
    {
        var result = ExpressionEvaluator.EvaluateString("${project.name}-${environment.name}-${inputs.count}x", Scope);

        Assert.True(result.Succeeded);
        Assert.Equal(Value.Of("shop-dev-42-3x"), result.Value);
    }

    [Fact]
    public void Evaluate_OutputOfUnappliedResource_IsUnknown()
    {
        var result = ExpressionEvaluator.EvaluateString("${resources.cache.outputs.hostname}", Scope);

        Assert.True(result.Succeeded);
        Assert.IsType<UnknownValue>(result.Value);
    }

    [Fact]
    public void Evaluate_InterpolatingUnknown_YieldsUnknownString()
    {
        var result = ExpressionEvaluator.EvaluateString("redis://${resources.cache.outputs.hostname}:6380", Scope);

        var unknown = Assert.IsType<UnknownValue>(result.Value);
        Assert.Equal(ValueKind.String, unknown.Kind);
    }

    [Fact]
    public void Evaluate_EscapedDollarBrace_StaysLiteral()
    {
        var result = ExpressionEvaluator.EvaluateString("echo $${HOME} in ${inputs.region}", Scope);

        Assert.Equal(Value.Of("echo ${HOME} in westeurope"), result.Value);
    }

    [Fact]
    public void Evaluate_OnlyEscapes_StaysLiteralWithoutReferences()
    {
        var result = ExpressionEvaluator.EvaluateString("$${a} $${b}", Scope);

        Assert.Equal(Value.Of("${a} ${b}"), result.Value);
    }

    [Fact]
    public void Evaluate_SensitiveInput_MarksInterpolationSensitive()
    {
        var result = ExpressionEvaluator.EvaluateString("user:${inputs.password}", Scope);

        Assert.True(result.Value.IsSensitive);
        Assert.Equal("user:s3cret", ((StringValue)result.Value).Value);
    }

    [Fact]
    public void Evaluate_NestedMapsAndLists_AreWalked()
    {
        var value = Map(
            ("name", Value.Of("${environment.name}")),
            ("nested", new ListValue([Value.Of("${inputs.count}"), Map(("subnet", Value.Of("${resources.net.outputs.subnet_id}")))])));

        var result = ExpressionEvaluator.Evaluate(value, Scope);

        var expected = Map(
            ("name", Value.Of("dev-42")),
            ("nested", new ListValue([Value.Of(3m), Map(("subnet", Value.Of("/subnets/a")))])));
        Assert.True(result.Succeeded);
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Evaluate_NestedUnknown_MarksTreeUnknown()
    {
        var value = new ListValue([Value.Of("a"), Value.Of("${resources.cache.outputs.port}")]);

        var result = ExpressionEvaluator.Evaluate(value, Scope);

        Assert.True(result.Value.ContainsUnknown);
    }

    [Fact]
    public void Evaluate_AccessorIntoMapOutput_ReturnsEntry()
    {
        var result = ExpressionEvaluator.EvaluateString("${resources.net.outputs.tags.owner}", Scope);

        Assert.Equal(Value.Of("team-a"), result.Value);
    }

    [Fact]
    public void Evaluate_IndexIntoList_ReturnsItem()
    {
        var result = ExpressionEvaluator.EvaluateString("zone-${inputs.zones[1]}", Scope);

        Assert.Equal(Value.Of("zone-2"), result.Value);
    }

    [Fact]
    public void Evaluate_MissingInput_ReportsError()
    {
        var result = ExpressionEvaluator.EvaluateString("${inputs.nope}", Scope);

        Assert.False(result.Succeeded);
        Assert.Contains("nope", result.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UndeclaredResource_ReportsError()
    {
        var result = ExpressionEvaluator.EvaluateString("${resources.db.outputs.host}", Scope);

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Evaluate_InterpolatingList_ReportsError()
    {
        var result = ExpressionEvaluator.EvaluateString("zones: ${inputs.zones}", Scope);

        Assert.False(result.Succeeded);
        Assert.IsType<UnknownValue>(result.Value);
    }

    [Fact]
    public void Evaluate_QuotesAndSpecialCharacters_PassThroughUnchanged()
    {
        var result = ExpressionEvaluator.EvaluateString("say \"hi\" 'there' $(rm -rf) `x` ${inputs.region}", Scope);

        Assert.Equal(Value.Of("say \"hi\" 'there' $(rm -rf) `x` westeurope"), result.Value);
    }

    [Fact]
    public void Evaluate_NonStringScalars_AreReturnedAsIs()
    {
        var result = ExpressionEvaluator.Evaluate(Value.Of(42m), Scope);

        Assert.Equal(Value.Of(42m), result.Value);
    }

    private static MapValue Map(params (string Key, Value Value)[] entries) =>
        new(entries.ToImmutableSortedDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
}
