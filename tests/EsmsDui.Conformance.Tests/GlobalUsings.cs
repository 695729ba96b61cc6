// Hl7.Fhir.Model has a resource named Task: async code means the threading one.
global using Task = System.Threading.Tasks.Task;
