using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Admission;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>
/// Override controls on variable set values at admission: a request may replace a set's value only as far as both
/// the set variable and the template input allow; the stricter rule wins and two allowed lists intersect.
/// </summary>
public sealed class VariableSetOverrideTests
{
    private static readonly ImmutableArray<Value> Abc = [Value.Of("a"), Value.Of("b"), Value.Of("c")];
    private static readonly ImmutableArray<Value> Bcd = [Value.Of("b"), Value.Of("c"), Value.Of("d")];

    [Fact]
    public void Resolve_OverrideOfNotAllowedSetValue_RefusedNamingInputAndRule()
    {
        var template = Template(new InputDefinition("team", ValueKind.String), new InputDefinition("size", ValueKind.Number) { Default = Value.Of(1m) });
        var catalog = Catalog(new SharedVariable("team", Value.Of("platform")) { Override = OverrideRule.NotAllowed });
        var current = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("team", (Value)Value.Of("platform")), KeyValuePair.Create("size", (Value)Value.Of(1m))]);

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("team", "rogue"), ("size", 2)), current);

        Assert.Null(inputs);
        Assert.Equal(("inputs.team", RuleIds.OverrideNotAllowed, ProblemCodes.InvalidRequest), (problem!.Field, problem.Rule, problem.Code));
        Assert.Equal("Input 'team' is fixed by variable set 'org' and cannot be set.", problem.Detail);
        Assert.Equal(Value.Of("platform"), current["team"]);
        Assert.Equal(Value.Of("platform"), catalog.VariableSets[0].Variables[0].Value);
    }

    [Fact]
    public void Resolve_NotAllowedSetValueLeftOut_SetValueUsed()
    {
        var template = Template(new InputDefinition("team", ValueKind.String));
        var catalog = Catalog(new SharedVariable("team", Value.Of("platform")) { Override = OverrideRule.NotAllowed });

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(), current: null);

        Assert.Null(problem);
        Assert.Equal(Value.Of("platform"), inputs!["team"]);
    }

    [Fact]
    public void Resolve_ShortFormSetValue_OverriddenByTheRequest()
    {
        var template = Template(new InputDefinition("team", ValueKind.String));
        var catalog = Catalog(new SharedVariable("team", Value.Of("platform")));

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("team", "rogue")), current: null);

        Assert.Null(problem);
        Assert.Equal(Value.Of("rogue"), inputs!["team"]);
    }

    [Theory]
    [InlineData("Standard", true)]
    [InlineData("Basic", true)]
    [InlineData("Premium", false)]
    public void Resolve_RestrictedSetValue_OnlyItsAllowedValuesAccepted(string given, bool accepted)
    {
        var template = Template(new InputDefinition("sku", ValueKind.String));
        var catalog = Catalog(new SharedVariable("sku", Value.Of("Basic"))
        {
            Override = OverrideRule.Restricted,
            Allowed = [Value.Of("Basic"), Value.Of("Standard")],
        });

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("sku", given)), current: null);

        if (accepted)
        {
            Assert.Null(problem);
            Assert.Equal(Value.Of(given), inputs!["sku"]);
        }
        else
        {
            Assert.Null(inputs);
            Assert.Equal(("inputs.sku", RuleIds.InputNotAllowed), (problem!.Field, problem.Rule));
            Assert.Equal("'Premium' is not one of the values variable set 'org' allows for input 'sku': Basic, Standard.", problem.Detail);
        }
    }

    [Theory]
    [InlineData(OverrideRule.NotAllowed, OverrideRule.Allowed, "template sample@1.0.0")]
    [InlineData(OverrideRule.Allowed, OverrideRule.NotAllowed, "variable set 'org'")]
    [InlineData(OverrideRule.Restricted, OverrideRule.NotAllowed, "variable set 'org'")]
    [InlineData(OverrideRule.NotAllowed, OverrideRule.Restricted, "template sample@1.0.0")]
    public void Resolve_EitherSideNotAllowed_OverrideRefused(OverrideRule input, OverrideRule variable, string fixedBy)
    {
        var template = Template(new InputDefinition("tier", ValueKind.String)
        {
            Default = Value.Of("b"),
            Override = input,
            Allowed = input == OverrideRule.Restricted ? Abc : [],
        });
        var catalog = Catalog(new SharedVariable("tier", Value.Of("b"))
        {
            Override = variable,
            Allowed = variable == OverrideRule.Restricted ? Bcd : [],
        });

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("tier", "c")), current: null);

        Assert.Null(inputs);
        Assert.Equal(("inputs.tier", RuleIds.OverrideNotAllowed), (problem!.Field, problem.Rule));
        Assert.Equal($"Input 'tier' is fixed by {fixedBy} and cannot be set.", problem.Detail);
    }

    [Theory]
    [InlineData("a", "variable set 'org'")]
    [InlineData("d", "input 'tier'")]
    public void Resolve_BothRestricted_OnlyTheIntersectionAccepted(string given, string refusedBy)
    {
        var (template, catalog) = BothRestricted();

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("tier", given)), current: null);

        Assert.Null(inputs);
        Assert.Equal(("inputs.tier", RuleIds.InputNotAllowed), (problem!.Field, problem.Rule));
        Assert.Contains(refusedBy, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("b")]
    [InlineData("c")]
    public void Resolve_BothRestrictedValueInBothLists_Accepted(string given)
    {
        var (template, catalog) = BothRestricted();

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("tier", given)), current: null);

        Assert.Null(problem);
        Assert.Equal(Value.Of(given), inputs!["tier"]);
    }

    [Fact]
    public void Resolve_BothRestrictedRefusal_ListsTheIntersection()
    {
        var (template, catalog) = BothRestricted();

        var (_, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("tier", "a")), current: null);

        Assert.Equal("'a' is not one of the values variable set 'org' allows for input 'tier': b, c.", problem!.Detail);
    }

    [Fact]
    public void Resolve_SetNotSharedWithTheProject_ItsControlsDoNotApply()
    {
        var template = Template(new InputDefinition("team", ValueKind.String) { Default = Value.Of("none") });
        var catalog = Catalog(new SharedVariable("team", Value.Of("platform")) { Override = OverrideRule.NotAllowed }, sharedWith: ["team-b"]);

        var (inputs, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("team", "rogue")), current: null);

        Assert.Null(problem);
        Assert.Equal(Value.Of("rogue"), inputs!["team"]);
    }

    [Fact]
    public void Resolve_SensitiveRestrictedSetValue_RefusalHidesTheGivenValue()
    {
        var template = Template(new InputDefinition("token", ValueKind.String));
        var catalog = Catalog(new SharedVariable("token", Value.Of("t1")) { Sensitive = true, Override = OverrideRule.Restricted, Allowed = [Value.Of("t1")] });

        var (_, problem) = InputResolver.Resolve(template, catalog, "team-a", TestInputs.Of(("token", "s3cret")), current: null);

        Assert.Equal(("inputs.token", RuleIds.InputNotAllowed), (problem!.Field, problem.Rule));
        Assert.DoesNotContain("s3cret", problem.Detail, StringComparison.Ordinal);
    }

    private static (EnvironmentTemplate Template, TemplateCatalog Catalog) BothRestricted() =>
        (Template(new InputDefinition("tier", ValueKind.String) { Default = Value.Of("b"), Override = OverrideRule.Restricted, Allowed = Abc }),
         Catalog(new SharedVariable("tier", Value.Of("b")) { Override = OverrideRule.Restricted, Allowed = Bcd }));

    private static EnvironmentTemplate Template(params InputDefinition[] inputs) => new("sample", new SemVersion(1, 0, 0))
    {
        Inputs = [.. inputs],
        VariableSets = ["org"],
    };

    private static TemplateCatalog Catalog(SharedVariable variable, ImmutableArray<string> sharedWith = default) => new()
    {
        VariableSets = [new VariableSet("org") { Variables = [variable], SharedWith = sharedWith.IsDefault ? ["*"] : sharedWith }],
    };
}
