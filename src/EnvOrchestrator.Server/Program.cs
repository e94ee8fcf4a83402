using EnvOrchestrator.Hosting;
using EnvOrchestrator.Hosting.Composition;
using Microsoft.Extensions.Options;

try
{
    await ServiceApplication.Create(args).RunAsync();
    return 0;
}
catch (Exception e) when (e is StartupFailedException or OptionsValidationException)
{
    // What the operator must fix, without a stack trace: the catalog's file:line:col errors or the invalid settings.
    Console.Error.WriteLine($"EnvOrchestrator did not start: {e.Message}");
    return 1;
}
