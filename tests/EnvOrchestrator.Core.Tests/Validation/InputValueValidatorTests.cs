using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Validation;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Validation;

public sealed class InputValueValidatorTests
{
    [Fact]
    public void Validate_WrongType_ReportsTypeMismatch()
    {
        var violations = InputValueValidator.Validate(new InputDefinition("n", ValueKind.Number), Value.Of("x"));

        Assert.Equal(RuleIds.InputTypeMismatch, Assert.Single(violations).RuleId);
    }

    [Fact]
    public void Validate_StringLengthOutsideMinMax_ReportsOutOfRange()
    {
        var input = new InputDefinition("s", ValueKind.String) { Min = 3, Max = 5 };

        Assert.Equal(RuleIds.InputOutOfRange, Assert.Single(InputValueValidator.Validate(input, Value.Of("ab"))).RuleId);
        Assert.Empty(InputValueValidator.Validate(input, Value.Of("abcd")));
    }

    [Fact]
    public void Validate_SensitiveNumberOutsideMinMax_ReportsWithoutTheNumber()
    {
        var input = new InputDefinition("pin", ValueKind.Number) { Min = 1000, Max = 9999, Sensitive = true };

        var violation = Assert.Single(InputValueValidator.Validate(input, Value.Of(73519m)));

        Assert.Equal(RuleIds.InputOutOfRange, violation.RuleId);
        Assert.DoesNotContain("73519", violation.Message, StringComparison.Ordinal);
        Assert.Contains("(sensitive)", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PatternMismatch_ReportsAndHidesSensitiveValue()
    {
        var input = new InputDefinition("key", ValueKind.String) { Pattern = "^[0-9]+$", Sensitive = true };

        var violation = Assert.Single(InputValueValidator.Validate(input, Value.Of("top-secret")));

        Assert.Equal(RuleIds.InputPatternMismatch, violation.RuleId);
        Assert.DoesNotContain("top-secret", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NumberAllowedValues_CompareNumerically()
    {
        var input = new InputDefinition("n", ValueKind.Number) { Allowed = [Value.Of(1m), Value.Of(2m)] };

        Assert.Empty(InputValueValidator.Validate(input, Value.Of(2.0m)));
        Assert.Equal(RuleIds.InputNotAllowed, Assert.Single(InputValueValidator.Validate(input, Value.Of(3m))).RuleId);
    }

    [Fact]
    public void Validate_UnknownValue_Passes()
    {
        var input = new InputDefinition("n", ValueKind.Number) { Min = 10 };

        Assert.Empty(InputValueValidator.Validate(input, new UnknownValue(ValueKind.Number)));
    }

    [Fact]
    public void Validate_ListCountAboveMax_ReportsOutOfRange()
    {
        var input = new InputDefinition("l", ValueKind.List) { Max = 1 };

        var violations = InputValueValidator.Validate(input, new ListValue([Value.Of("a"), Value.Of("b")]));

        Assert.Equal(RuleIds.InputOutOfRange, Assert.Single(violations).RuleId);
    }
}
