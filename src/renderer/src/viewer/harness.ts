/** Entry of viewer-harness.html (tests and bench only, never part of the app bundle). */
import { mount } from 'svelte';
import Harness from './Harness.svelte';
import '../app.css';

const target = document.getElementById('app');
if (!target) throw new Error('viewer harness: #app missing');

export default mount(Harness, { target });
