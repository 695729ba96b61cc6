using EsmsDui.Server.Cli;

return await CommandLine.RunAsync(args);
