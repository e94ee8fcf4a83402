using EnvOrchestrator.Functions;

await ServiceApplication.Create(args).RunAsync();
