import { mount } from 'svelte';
import App from './App.svelte';
import { listenToJobs } from './stores/jobs.svelte';
import { listenToSync } from './stores/sync.svelte';
import './styles/app.css';

// Event listeners first, once: Wails does not replay events a late view missed.
listenToJobs();
listenToSync();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
