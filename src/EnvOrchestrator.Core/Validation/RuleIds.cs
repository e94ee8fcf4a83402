namespace EnvOrchestrator.Core.Validation;

/// <summary>
/// Stable identifiers of validation rules. They are part of the public contract (tools and tests match on them),
/// so an id is never renamed or reused; docs/templates.md lists them all.
/// </summary>
public static class RuleIds
{
    // Reading files
    public const string FileTooLarge = "file.too-large";
    public const string FileUnreadable = "file.unreadable";
    public const string YamlSyntax = "yaml.syntax";
    public const string YamlDuplicateKey = "yaml.duplicate-key";
    public const string YamlAliasLimit = "yaml.alias-limit";
    public const string YamlDepthLimit = "yaml.depth-limit";
    public const string YamlNonStringKey = "yaml.non-string-key";
    public const string DocumentApiVersion = "document.api-version";
    public const string DocumentKind = "document.kind";

    // JSON Schema of each document kind
    public const string SchemaUnknownField = "schema.unknown-field";
    public const string SchemaRequired = "schema.required";
    public const string SchemaType = "schema.type";
    public const string SchemaEnum = "schema.enum";
    public const string SchemaPattern = "schema.pattern";
    public const string SchemaRange = "schema.range";
    public const string SchemaInvalid = "schema.invalid";

    // Values that the schema cannot check
    public const string VersionInvalid = "version.invalid";
    public const string VersionRangeInvalid = "version.range-invalid";
    public const string DurationInvalid = "value.invalid-duration";

    // Names
    public const string DuplicateName = "name.duplicate";
    public const string DuplicateResource = "name.duplicate-resource";

    // References between documents and inside environment templates
    public const string UnknownTemplate = "reference.unknown-template";
    public const string UnknownVersion = "reference.unknown-version";
    public const string AmbiguousRange = "reference.ambiguous-range";
    public const string UnknownResource = "reference.unknown-resource";
    public const string UnknownOutput = "reference.unknown-output";
    public const string UnknownInputReference = "reference.unknown-input";
    public const string NoResourceGroup = "reference.no-resource-group";
    public const string UnknownVariableSet = "reference.unknown-variable-set";
    public const string TypeMismatch = "reference.type-mismatch";
    public const string ExpressionSyntax = "expression.syntax";
    public const string Cycle = "graph.cycle";
    public const string SensitiveLeak = "sensitive.leak";

    // Input definitions and input values
    public const string UnknownInput = "input.unknown";
    public const string MissingRequiredInput = "input.missing-required";
    public const string InputTypeMismatch = "input.type-mismatch";
    public const string InputPatternMismatch = "input.pattern-mismatch";
    public const string InputNotAllowed = "input.not-allowed";
    public const string InputOutOfRange = "input.out-of-range";
    public const string InputNull = "input.null";
    public const string InputNumberTooLarge = "input.number-too-large";
    public const string InvalidPattern = "input.invalid-pattern";
    public const string InvalidRange = "input.invalid-range";
    public const string RestrictedWithoutAllowed = "input.restricted-without-allowed";
    public const string FixedWithoutDefault = "input.fixed-without-default";
    public const string OverrideNotAllowed = "input.override-not-allowed";

    // Policies
    public const string RequireApprovalEnforcement = "policy.require-approval-enforcement";

    // Lifetime
    public const string DefaultTtlExceedsMax = "lifetime.default-exceeds-max";

    // Terraform modules beside resource templates
    public const string ModuleMissing = "module.missing";
    public const string ModuleInputMismatch = "module.input-mismatch";
    public const string ModuleOutputMismatch = "module.output-mismatch";

    // Catalog sources
    public const string GitFailed = "source.git-failed";
    public const string GitRefNotFound = "source.ref-not-found";

    // Azure Deployment Environments import
    public const string AdeUnsupportedRunner = "ade.unsupported-runner";
    public const string AdeInvalidManifest = "ade.invalid-manifest";
}
