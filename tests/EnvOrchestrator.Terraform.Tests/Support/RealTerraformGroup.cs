namespace EnvOrchestrator.Terraform.Tests.Support;

/// <summary>
/// Tests that start the real terraform run one at a time (xunit runs a collection's tests serially), beside the other
/// classes: on 2 shared cores, parallel Terraform processes only slow each other and blur the timing assertions.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealTerraformGroup
{
    public const string Name = "real terraform";
}
