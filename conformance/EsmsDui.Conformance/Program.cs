using EsmsDui.Conformance.Runner;

try
{
    var options = SuiteOptions.Parse(args);
    return await SuiteRunner.RunAsync(options, Console.Out, CancellationToken.None);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(SuiteOptions.Usage);
    return 2;
}
